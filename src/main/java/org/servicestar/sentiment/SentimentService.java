package org.servicestar.sentiment;

import static org.servicestar.sentiment.PublicOpinionIds.Vars;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.servicestar.audit.AuditTrail;
import org.servicestar.numbering.BusinessNumbers;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.web.InvalidInputException;
import org.servicestar.web.PublicAddress;
import org.servicestar.web.TextLimits;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Public-opinion issues (舆情): the office records them; a negative one starts PublicOpinion, which
 * has the office respond and the unit rectify (Rectification, source SENTIMENT); a positive or
 * neutral one is only recorded.
 */
@Service
public class SentimentService {

  /** What the office enters. */
  public record SentimentDraft(String unitCode, String source, String link, String summary, String severity, boolean negative) {
  }

  static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH");

  private final SentimentRepository repository;
  private final UnitService units;
  private final BusinessNumbers numbers;
  private final RuntimeService runtime;
  private final AuditTrail audit;
  private final PublicAddress publicAddress;

  SentimentService(SentimentRepository repository, UnitService units, BusinessNumbers numbers, RuntimeService runtime,
                   AuditTrail audit, PublicAddress publicAddress) {
    this.publicAddress = publicAddress;
    this.repository = repository;
    this.units = units;
    this.numbers = numbers;
    this.runtime = runtime;
    this.audit = audit;
  }

  @Transactional
  public Sentiment record(SentimentDraft draft, String actor) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    String code = trim(draft.unitCode());
    Optional<Unit> unit = units.byCode(code).filter(Unit::active);
    if (unit.isEmpty()) {
      errors.add("unitCode", "单位 " + code + " 不存在或已停用");
    }
    String source = trim(draft.source());
    boolean knownSource = false;
    for (Sentiment.Source s : Sentiment.Source.values()) {
      knownSource |= s.name().equals(source);
    }
    if (!knownSource) {
      errors.add("source", "请选择来源：媒体、网络、信访或其他");
    }
    String link = trim(draft.link());
    if (!link.isEmpty() && (!TextLimits.fits(link, 1000) || !(link.startsWith("http://") || link.startsWith("https://")))) {
      errors.add("link", "链接须以 http:// 或 https:// 开头，最多 1000 字符");
    }
    String summary = trim(draft.summary());
    if (summary.isEmpty()) {
      errors.add("summary", "请填写摘要（最多 4000 字）");
    } else if (!TextLimits.fits(summary, 4000)) {
      errors.add("summary", TextLimits.tooLong("摘要", 4000, summary));
    }
    String severity = trim(draft.severity());
    if (!SEVERITIES.contains(severity)) {
      errors.add("severity", "请选择严重程度：一般、较重或严重");
    }
    errors.throwIfAny();
    String number = numbers.next(PublicOpinionIds.NUMBER_PREFIX);
    repository.insert(number, unit.get().code(), source, link.isEmpty() ? null : link, summary, severity, draft.negative(),
        (draft.negative() ? SentimentStatus.RESPONDING : SentimentStatus.RECORDED).name(), actor);
    if (draft.negative()) {
      Map<String, Object> vars = new HashMap<>();
      vars.put(Vars.NUMBER, number);
      vars.put(Vars.UNIT_CODE, unit.get().code());
      vars.put(Vars.UNIT_NAME, unit.get().name());
      vars.put(Vars.PROBLEM, summary);
      vars.put(Vars.SEVERITY, severity);
      vars.put(Vars.DETAIL_LINK, publicAddress.link("/sentiments/" + number));
      ProcessInstance instance = runtime.startProcessInstanceByKey(PublicOpinionIds.PROCESS, number, vars);
      repository.setProcessInstance(number, instance.getId());
    }
    audit.record("SENTIMENT_RECORDED", "sentiment:" + number,
        unit.get().code() + "，" + source + "，" + severity + (draft.negative() ? "，负面：启动处置" : "，非负面：仅登记"));
    return repository.findByNumber(number).orElseThrow();
  }

  public Optional<Sentiment> byNumber(String number) {
    return repository.findByNumber(number);
  }

  public List<Sentiment> recent(String unitCode, int limit) {
    return repository.findRecent(unitCode, limit);
  }

  /** The office's public response (Task_RespondToOpinion). */
  @Transactional
  public void responded(String number, String response, String actor) {
    repository.setResponded(number, response);
    audit.record("SENTIMENT_RESPONDED", "sentiment:" + number, actor);
  }

  /** The unit's rectification was accepted: the issue is handled. */
  @Transactional
  public void closed(String number, String rectificationNumber) {
    repository.close(number, rectificationNumber);
    audit.record("SENTIMENT_CLOSED", "sentiment:" + number, "整改 " + rectificationNumber + " 已验收");
  }

  private static String trim(String text) {
    return text == null ? "" : text.trim();
  }
}
