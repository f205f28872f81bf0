package org.servicestar.award;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What the public may see of a year's awards: the nominees under publicity and the published list.
 * Only names, badges, units, scores and stars leave this class, never an objector's or staff member's
 * contact, because every page built on it is anonymous.
 */
@Service
class PublishedAwards {

  /** A year's round as the public pages need it. */
  record Round(int year, String status, LocalDate publicityStart, LocalDate publicityEnd, LocalDateTime publishedAt) {

    private static final Set<String> PUBLICITY_OR_LATER = Set.of("PUBLICITY", "FINALIZING", "PUBLISHED");

    boolean inPublicity() {
      return "PUBLICITY".equals(status);
    }

    boolean publicityOrLater() {
      return PUBLICITY_OR_LATER.contains(status);
    }

    boolean published() {
      return "PUBLISHED".equals(status);
    }

    /** Objections are taken while the round is in publicity, up to and including its last day. */
    boolean acceptsObjectionsOn(LocalDate today) {
      return inPublicity() && publicityEnd != null && !today.isAfter(publicityEnd);
    }
  }

  /**
   * A nominee or winner. For people: name and badge, unitName their unit; for units: their name,
   * unitName the unit above them (the department), as printed in the results.
   */
  record Nominee(long id, int year, AwardCategory category, String subject, String name, String unitName, BigDecimal score,
                 Integer stars, Integer rank, boolean tied, String status, String certificateNo) {

    public boolean person() {
      return category.forStaff();
    }

    /** "张三（工号 A001，办税服务厅）" or the unit's name: how pages and the certificate name the winner. */
    public String displayName() {
      return person() ? name + "（工号 " + subject + (unitName == null ? "" : "，" + unitName) + "）" : name;
    }
  }

  record Group(AwardCategory category, List<Nominee> nominees) {
  }

  private static final String NOMINEE_COLUMNS = """
      select n.id, n.campaign_year, n.category, n.subject, n.subject_name, n.score, n.stars, n.rank_in_category, n.tied,
             n.status, n.certificate_no, u.name as unit_name, p.name as parent_name
        from award_nominee n
        join unit u on u.code = n.unit_code
        left join unit p on p.id = u.parent_id
      """;

  private final JdbcClient jdbc;

  PublishedAwards(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Round> round(int year) {
    return jdbc.sql("select campaign_year, status, publicity_start, publicity_end, published_at from award_round where campaign_year = ?")
        .param(year)
        .query((rs, i) -> new Round(rs.getInt(1), rs.getString(2), localDate(rs, 3), localDate(rs, 4), localDateTime(rs, 5)))
        .optional();
  }

  /** The approved nominees per category, once the round has reached publicity; empty categories left out. */
  List<Group> underPublicity(Round round) {
    return round.publicityOrLater() ? grouped(nominees(round.year(), "APPROVED")) : List.of();
  }

  /** Nominees withdrawn after an upheld objection, for the short "已撤销" note on the publicity page. */
  List<Nominee> withdrawn(Round round) {
    return round.publicityOrLater() ? nominees(round.year(), "WITHDRAWN") : List.of();
  }

  /** The final list per category, only once published. */
  List<Group> awarded(Round round) {
    return round.published() ? grouped(nominees(round.year(), "AWARDED")) : List.of();
  }

  /** An approved nominee of the year (the only ones an objection may concern). */
  Optional<Nominee> approvedNominee(int year, long id) {
    return jdbc.sql(NOMINEE_COLUMNS + " where n.campaign_year = ? and n.id = ? and n.status = 'APPROVED'")
        .params(year, id).query(PublishedAwards::nominee).optional();
  }

  /** A published award by its certificate number. */
  Optional<Nominee> awardedByCertificate(Round round, String certificateNo) {
    if (!round.published()) {
      return Optional.empty();
    }
    return jdbc.sql(NOMINEE_COLUMNS + " where n.campaign_year = ? and n.certificate_no = ? and n.status = 'AWARDED'")
        .params(round.year(), certificateNo).query(PublishedAwards::nominee).optional();
  }

  private List<Nominee> nominees(int year, String status) {
    return jdbc.sql(NOMINEE_COLUMNS + " where n.campaign_year = ? and n.status = ? order by n.rank_in_category, n.subject_name, n.id")
        .params(year, status).query(PublishedAwards::nominee).list();
  }

  private static List<Group> grouped(List<Nominee> nominees) {
    Map<AwardCategory, List<Nominee>> byCategory = nominees.stream().collect(Collectors.groupingBy(Nominee::category));
    return Arrays.stream(AwardCategory.values()).filter(byCategory::containsKey)
        .map(c -> new Group(c, byCategory.get(c))).toList();
  }

  private static Nominee nominee(ResultSet rs, int row) throws SQLException {
    AwardCategory category = AwardCategory.valueOf(rs.getString("category"));
    int stars = rs.getInt("stars");
    Integer starsOrNull = rs.wasNull() ? null : stars;
    int rank = rs.getInt("rank_in_category");
    Integer rankOrNull = rs.wasNull() ? null : rank;
    return new Nominee(rs.getLong("id"), rs.getInt("campaign_year"), category, rs.getString("subject"),
        rs.getString("subject_name"), category.forStaff() ? rs.getString("unit_name") : rs.getString("parent_name"),
        rs.getBigDecimal("score"), starsOrNull, rankOrNull, rs.getBoolean("tied"), rs.getString("status"),
        rs.getString("certificate_no"));
  }

  private static LocalDate localDate(ResultSet rs, int column) throws SQLException {
    java.sql.Date d = rs.getDate(column);
    return d == null ? null : d.toLocalDate();
  }

  private static LocalDateTime localDateTime(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toLocalDateTime();
  }
}
