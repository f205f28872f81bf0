package org.servicestar.veto;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.servicestar.audit.AuditTrail;
import org.servicestar.web.EvidenceFiles;
import org.servicestar.web.EvidenceFiles.Kind;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.TextLimits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The office files a veto by hand (办公室登记) from a finding made outside the app — a discipline
 * inspection, a safety accident (clauses 1 and 2), a higher authority's notice: unit, clause, facts,
 * the source document's number and evidence files (JPEG, PNG, PDF, checked by content as the
 * rectification evidence is ({@link EvidenceFiles})). Checked whole before anything is stored; then it is a pending record like
 * any other and goes through the same VetoRuling.
 */
@Service
public class VetoFiling {

  static final int MAX_FACTS = VetoRecords.MAX_EVIDENCE;
  static final int MAX_DOCUMENT = 64;
  static final int MAX_FILES = 10;

  /** One uploaded file: its name as sent and its bytes. */
  public record Upload(String name, byte[] content) {
  }

  public record EvidenceInfo(long id, long vetoId, String fileName, String contentType, long sizeBytes, String sha256,
                             LocalDateTime uploadedAt, String uploadedBy) {
  }

  private final VetoRecords records;
  private final UnitService units;
  private final JdbcClient jdbc;
  private final AuditTrail audit;
  private final Clock clock;

  VetoFiling(VetoRecords records, UnitService units, JdbcClient jdbc, AuditTrail audit, Clock clock) {
    this.records = records;
    this.units = units;
    this.jdbc = jdbc;
    this.audit = audit;
    this.clock = clock;
  }

  /** Files the veto and starts its ruling; bad input is refused naming every field, and nothing is stored. */
  @Transactional
  public VetoRecord file(String unitCode, String clause, String facts, String sourceDocument, List<Upload> uploads, String actor) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    String unit = unitCode == null ? "" : unitCode.strip();
    errors.check(!unit.isEmpty(), "unitCode", "请选择被否决的单位");
    errors.check(unit.isEmpty() || units.byCode(unit).isPresent(), "unitCode", "没有编码为 " + unit + " 的单位");
    Integer number = clause != null && clause.strip().matches("[1-6]") ? Integer.valueOf(clause.strip()) : null;
    errors.check(number != null, "clause", "请选择否决条款（第 1 至 6 项）");
    String text = facts == null ? "" : facts.strip();
    errors.check(!text.isEmpty(), "facts", "请写明事实");
    errors.check(TextLimits.fits(text, MAX_FACTS), "facts", TextLimits.tooLong("事实", MAX_FACTS, text));
    String document = sourceDocument == null ? "" : sourceDocument.strip();
    errors.check(!document.isEmpty(), "sourceDocument", "请填写依据文件的文号（如 纪检通报〔2026〕3号）");
    errors.check(TextLimits.fits(document, MAX_DOCUMENT), "sourceDocument", TextLimits.tooLong("文号", MAX_DOCUMENT, document));
    errors.check(document.chars().noneMatch(Character::isISOControl), "sourceDocument", "文号含有不可见的控制字符");
    List<Upload> files = uploads == null ? List.of() : uploads.stream().filter(u -> u.content() != null && u.content().length > 0).toList();
    errors.check(files.size() <= MAX_FILES, "evidence", "证据文件最多 " + MAX_FILES + " 个");
    List<String> names = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    for (Upload file : files) {
      Optional<Kind> kind = EvidenceFiles.sniff(file.content());
      if (file.content().length > EvidenceFiles.MAX_BYTES) {
        errors.check(false, "evidence", (file.name() == null ? "文件" : file.name()) + " 超过 10 MB 的上限");
      } else if (kind.isEmpty()) {
        errors.check(false, "evidence", (file.name() == null ? "文件" : file.name()) + "：只能上传 JPEG、PNG 照片或 PDF 文件（按文件内容判断）");
      } else {
        try {
          names.add(EvidenceFiles.fileName(file.name(), kind.get()));
          kinds.add(kind.get());
        } catch (InvalidInputException e) {
          errors.check(false, "evidence", String.join("；", e.fieldErrors().values()));
        }
      }
    }
    if (number != null && !unit.isEmpty() && !document.isEmpty()) {
      boolean known = records.ofSource(VetoSourceType.OFFICE, document).stream()
          .anyMatch(r -> r.unitCode().equals(unit) && r.clause() == number);
      errors.check(!known, "sourceDocument", "该单位依据文号 " + document + " 的第 " + number + " 项否决已经登记过");
    }
    errors.throwIfAny();

    VetoRecord record = records.record(unit, number, VetoSourceType.OFFICE, document, text, actor);
    LocalDateTime now = LocalDateTime.now(clock);
    for (int i = 0; i < files.size(); i++) {
      byte[] content = files.get(i).content();
      jdbc.sql("""
              insert into veto_evidence (veto_id, file_name, content_type, size_bytes, sha256, content, uploaded_at, uploaded_by)
              values (?, ?, ?, ?, ?, ?, ?, ?)""")
          .params(record.id(), names.get(i), kinds.get(i).contentType(), (long) content.length, EvidenceFiles.sha256(content), content, now, actor).update();
      audit.record("VETO_EVIDENCE_ADDED", VetoRecords.subject(record.id()), names.get(i) + " " + content.length + " 字节");
    }
    return record;
  }

  public List<EvidenceInfo> evidenceOf(long vetoId) {
    return jdbc.sql("select id, veto_id, file_name, content_type, size_bytes, sha256, uploaded_at, uploaded_by from veto_evidence where veto_id = ? order by id")
        .param(vetoId).query(EvidenceInfo.class).list();
  }

  /** The file's bytes, when it belongs to that record. */
  public Optional<byte[]> content(long vetoId, long fileId) {
    return jdbc.sql("select content from veto_evidence where id = ? and veto_id = ?").params(fileId, vetoId).query(byte[].class).optional();
  }
}
