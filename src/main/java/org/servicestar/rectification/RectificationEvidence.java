package org.servicestar.rectification;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.rectification.RectificationEvent.EventKind;
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
 * Evidence files of a rectification: photos (JPEG, PNG) and PDFs, at most 10 MB each, kept in the
 * database so that every node serves them. What a file is comes from its first bytes, not its name;
 * a name that claims another type is refused.
 */
@Service
public class RectificationEvidence {

  public record EvidenceInfo(long id, long rectificationId, String fileName, String contentType, long sizeBytes, String sha256,
                             String note, LocalDateTime uploadedAt, String uploadedBy) {

    public boolean image() {
      return Kind.ofContentType(contentType).map(Kind::image).orElse(false);
    }

    /** The size as people read it: 312 KB, 2.4 MB. */
    public String size() {
      return sizeBytes < 1024 * 1024 ? Math.max(1, sizeBytes / 1024) + " KB" : String.format(Locale.ROOT, "%.1f MB", sizeBytes / 1048576.0);
    }
  }

  public record EvidenceFile(EvidenceInfo info, byte[] content) {
  }

  /** A file as it was sent: its name on the sender's device and its bytes. */
  public record Upload(String originalName, byte[] content) {
  }

  public static final long MAX_BYTES = EvidenceFiles.MAX_BYTES;
  static final int MAX_FILES = 50;
  static final int MAX_NOTE = 500;


  private static final String SELECT = """
      select id, rectification_id, file_name, content_type, size_bytes, sha256, note, uploaded_at, uploaded_by
        from rectification_evidence
      """;

  private final JdbcClient jdbc;
  private final RectificationLedger ledger;
  private final AuditTrail audit;
  private final Clock clock;

  RectificationEvidence(JdbcClient jdbc, RectificationLedger ledger, AuditTrail audit, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.ledger = ledger;
    this.audit = audit;
  }

  /** Stores a file for an open rectification; refuses what is not a JPEG, PNG or PDF, too big, or late. */
  @Transactional
  public EvidenceInfo add(String number, String originalName, byte[] content, String note, String actor) {
    Rectification rectification = ledger.require(number);
    if (!rectification.status().open()) {
      throw InvalidInputException.of("file", "整改已验收，不能再上传证据");
    }
    EvidenceFiles.Accepted accepted = EvidenceFiles.accept("file", originalName, content);
    Kind kind = accepted.kind();
    String name = accepted.name();
    String text = note == null || note.isBlank() ? null : note.strip();
    if (!TextLimits.fits(text, MAX_NOTE)) {
      throw InvalidInputException.of("note", TextLimits.tooLong("说明", MAX_NOTE, text));
    }
    long count = jdbc.sql("select count(*) from rectification_evidence where rectification_id = ?").param(rectification.id())
        .query(Long.class).single();
    if (count >= MAX_FILES) {
      throw InvalidInputException.of("file", "每项整改最多上传 " + MAX_FILES + " 个文件");
    }
    String sha256 = EvidenceFiles.sha256(content);
    LocalDateTime at = LocalDateTime.now(clock);
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.sql("""
            insert into rectification_evidence (rectification_id, file_name, content_type, size_bytes, sha256, content, note,
                                                uploaded_at, uploaded_by)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(rectification.id(), name, kind.contentType(), (long) content.length, sha256, content, text, at, actor)
        .update(keys, "id");
    long id = keys.getKey().longValue();
    EvidenceInfo info = info(id).orElseThrow();
    ledger.note(rectification, actor, EventKind.EVIDENCE_ADDED, name + "（" + info.size() + "）" + (text == null ? "" : "：" + text));
    audit.record("RECTIFICATION_EVIDENCE_ADDED", RectificationLedger.subject(number), name + " " + content.length + " 字节 sha256 " + sha256);
    return info;
  }

  /** Several files at once (photos picked together on a phone): all stored, or none, with every refusal named. */
  @Transactional
  public List<EvidenceInfo> addAll(String number, List<Upload> uploads, String note, String actor) {
    List<EvidenceInfo> added = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Upload upload : uploads) {
      try {
        added.add(add(number, upload.originalName(), upload.content(), note, actor));
      } catch (InvalidInputException e) {
        refused.add((upload.originalName() == null ? "" : TextLimits.cut(upload.originalName(), 60) + "：")
            + String.join("；", e.fieldErrors().values()));
      }
    }
    if (!refused.isEmpty()) {
      throw InvalidInputException.of("file", "未上传任何文件。" + String.join("；", refused));
    }
    return added;
  }

  public List<EvidenceInfo> of(Rectification rectification) {
    return jdbc.sql(SELECT + " where rectification_id = ? order by id").param(rectification.id()).query(EvidenceInfo.class).list();
  }

  /** The file {@code id} of this rectification (a file of another one is not found). */
  public Optional<EvidenceFile> file(Rectification rectification, long id) {
    return info(id).filter(info -> info.rectificationId() == rectification.id()).map(info -> new EvidenceFile(info,
        jdbc.sql("select content from rectification_evidence where id = ?").param(id).query(byte[].class).single()));
  }

  private Optional<EvidenceInfo> info(long id) {
    return jdbc.sql(SELECT + " where id = ?").param(id).query(EvidenceInfo.class).optional();
  }
}
