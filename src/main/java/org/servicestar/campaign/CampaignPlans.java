package org.servicestar.campaign;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

import org.servicestar.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The participants' implementation plans. Their rows are also the campaign's list of participants,
 * fixed when the campaign starts, so every phase works on the same units.
 */
@Repository
public class CampaignPlans {

  private static final String SELECT = """
      select p.campaign_year, p.unit_code, u.name as unit_name, p.status, p.self_inspection, p.good_practice,
             p.problems, p.plan_text, p.submitted_at, p.submitted_by, p.reviewed_at, p.reviewed_by,
             p.review_comment, p.return_count, p.missing_at, p.commitments_missing_at
      from campaign_plan p join unit u on u.code = p.unit_code""";

  private final JdbcClient jdbc;
  private final AuditTrail audit;
  private final Clock clock;

  CampaignPlans(JdbcClient jdbc, AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.audit = audit;
  }

  void createPending(int year, List<String> unitCodes) {
    LocalDateTime now = LocalDateTime.now(clock);
    for (String code : unitCodes) {
      jdbc.sql("insert into campaign_plan (campaign_year, unit_code, status, updated_at) values (?, ?, 'PENDING', ?)")
          .params(year, code, now).update();
    }
  }

  /** The participants, in a stable order. */
  public List<String> participants(int year) {
    return jdbc.sql("select unit_code from campaign_plan where campaign_year = ? order by unit_code")
        .param(year).query(String.class).list();
  }

  public List<CampaignPlan> ofYear(int year) {
    return jdbc.sql(SELECT + " where p.campaign_year = ? order by u.name").param(year).query(CampaignPlan.class).list();
  }

  /** How many units each year flagged for a plan not approved in time (years without any: 0). */
  public java.util.Map<Integer, Long> missingPerYear() {
    java.util.Map<Integer, Long> missing = new java.util.HashMap<>();
    jdbc.sql("select c.campaign_year, count(p.missing_at) from campaign c left join campaign_plan p on p.campaign_year = c.campaign_year"
            + " group by c.campaign_year")
        .query((rs, n) -> missing.put(rs.getInt(1), rs.getLong(2))).list();
    return missing;
  }

  void submit(int year, String unitCode, String actor, String selfInspection, String goodPractice, String problems,
              String planText) {
    jdbc.sql("""
            update campaign_plan set status = 'SUBMITTED', self_inspection = ?, good_practice = ?, problems = ?,
              plan_text = ?, submitted_at = ?, submitted_by = ?, updated_at = ?
            where campaign_year = ? and unit_code = ?""")
        .params(selfInspection, goodPractice, problems, planText, LocalDateTime.now(clock), actor, LocalDateTime.now(clock), year, unitCode)
        .update();
    audit.record("PLAN_SUBMITTED", subject(year, unitCode), "提交实施方案（" + actor + "）");
  }

  void review(int year, String unitCode, String actor, boolean approved, String comment) {
    jdbc.sql("""
            update campaign_plan set status = ?, reviewed_at = ?, reviewed_by = ?, review_comment = ?,
              return_count = return_count + ?, updated_at = ?
            where campaign_year = ? and unit_code = ?""")
        .params(approved ? "APPROVED" : "RETURNED", LocalDateTime.now(clock), actor, comment, approved ? 0 : 1,
            LocalDateTime.now(clock), year, unitCode)
        .update();
    audit.record(approved ? "PLAN_APPROVED" : "PLAN_RETURNED", subject(year, unitCode),
        (approved ? "通过" : "退回") + (comment == null ? "" : "：" + comment));
  }

  /** Flags every plan not approved when the mobilisation phase ends; answers the flagged units. */
  List<String> flagMissing(int year) {
    List<String> missing = jdbc.sql("select unit_code from campaign_plan where campaign_year = ? and status <> 'APPROVED' and missing_at is null order by unit_code")
        .param(year).query(String.class).list();
    jdbc.sql("update campaign_plan set missing_at = ?, updated_at = ? where campaign_year = ? and status <> 'APPROVED' and missing_at is null")
        .params(LocalDateTime.now(clock), LocalDateTime.now(clock), year).update();
    if (!missing.isEmpty()) {
      audit.record("PLANS_MISSING", Campaign.codeOf(year), missing.size() + " 个单位动员部署阶段结束时实施方案未通过：" + String.join("、", missing));
    }
    return missing;
  }

  /**
   * The unit's commitments task closed unpublished (the competition phase ended, by its date or early): flags
   * the unit once and records it in the campaign's activity log. Answers whether it was newly flagged.
   */
  boolean flagCommitmentsMissing(int year, String unitCode, String taskId) {
    LocalDateTime now = LocalDateTime.now(clock);
    int changed = jdbc.sql("update campaign_plan set commitments_missing_at = ?, updated_at = ?"
            + " where campaign_year = ? and unit_code = ? and commitments_missing_at is null")
        .params(now, now, year, unitCode).update();
    if (changed > 0) {
      audit.record("COMMITMENTS_MISSING", Campaign.codeOf(year),
          unitCode + " 全面争创阶段结束时未公开服务承诺（三亮），其任务 " + taskId + " 已关闭，单位已标记");
    }
    return changed > 0;
  }

  private static String subject(int year, String unitCode) {
    return Campaign.codeOf(year) + "/" + unitCode;
  }
}
