package org.servicestar.interview;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.web.EvidenceFiles;
import org.servicestar.web.EvidenceFiles.Kind;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The interview's record as files (minutes, the signed attendance sheet, photos): JPEG, PNG or PDF,
 * judged by content as rectification evidence is ({@link EvidenceFiles#sniff}), at most 10 MB
 * each, kept in the database so every node serves them. The office adds them until the interview is
 * recorded; the lead and the overseers open them from the case page.
 */
@Service
class InterviewEvidence {

  record EvidenceInfo(long id, long interviewId, String fileName, String contentType, long sizeBytes, String sha256, String note,
                      LocalDateTime uploadedAt, String uploadedBy) {

    public String size() {
      return sizeBytes < 1024 * 1024 ? Math.max(1, sizeBytes / 1024) + " KB" : String.format(Locale.ROOT, "%.1f MB", sizeBytes / 1048576.0);
    }
  }

  record EvidenceFile(EvidenceInfo info, byte[] content) {
  }

  static final int MAX_FILES = 20;
  static final int MAX_NOTE = 500;

  private static final String SELECT = """
      select id, interview_id, file_name, content_type, size_bytes, sha256, note, uploaded_at, uploaded_by from interview_evidence
      """;

  private final JdbcClient jdbc;
  private final AuditTrail audit;
  private final Clock clock;

  InterviewEvidence(JdbcClient jdbc, AuditTrail audit, Clock clock) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  EvidenceInfo add(InterviewCase interview, String originalName, byte[] content, String note, String actor) {
    if (interview.status() != InterviewStatus.AWAITING_INTERVIEW) {
      throw InvalidInputException.of("file", "约谈已记录，不能再上传文件");
    }
    EvidenceFiles.Accepted accepted = EvidenceFiles.accept("file", originalName, content);
    Kind kind = accepted.kind();
    String name = accepted.name();
    String text = note == null || note.isBlank() ? null : note.strip();
    if (!TextLimits.fits(text, MAX_NOTE)) {
      throw InvalidInputException.of("note", TextLimits.tooLong("说明", MAX_NOTE, text));
    }
    if (count(interview.id()) >= MAX_FILES) {
      throw InvalidInputException.of("file", "每个约谈最多上传 " + MAX_FILES + " 个文件");
    }
    String sha256 = EvidenceFiles.sha256(content);
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into interview_evidence (interview_id, file_name, content_type, size_bytes, sha256, content, note, uploaded_at,
                                            uploaded_by)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(interview.id(), name, kind.contentType(), (long) content.length, sha256, content, text, LocalDateTime.now(clock), actor)
        .update(keys, "id");
    long id = keys.getKey().longValue();
    audit.record("INTERVIEW_EVIDENCE_ADDED", "interview:" + interview.number(), name + " " + content.length + " 字节 sha256 " + sha256);
    return info(id).orElseThrow();
  }

  long count(long interviewId) {
    return jdbc.sql("select count(*) from interview_evidence where interview_id = ?").param(interviewId).query(Long.class).single();
  }

  List<EvidenceInfo> of(InterviewCase interview) {
    return jdbc.sql(SELECT + " where interview_id = ? order by id").param(interview.id()).query(EvidenceInfo.class).list();
  }

  /** The file {@code id} of this case (a file of another case is not found). */
  Optional<EvidenceFile> file(InterviewCase interview, long id) {
    return info(id).filter(info -> info.interviewId() == interview.id()).map(info -> new EvidenceFile(info,
        jdbc.sql("select content from interview_evidence where id = ?").param(id).query(byte[].class).single()));
  }

  private Optional<EvidenceInfo> info(long id) {
    return jdbc.sql(SELECT + " where id = ?").param(id).query(EvidenceInfo.class).optional();
  }
}
