package org.servicestar.campaign;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.servicestar.campaign.CompetitionCampaignIds.Vars;
import org.servicestar.engine.TaskAnswers;
import org.servicestar.web.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * The first step of a campaign: the office started it from the app (the campaign row exists, made in
 * the same transaction) or from Tasklist's start form (the row is made here from the form). Either
 * way the instance becomes {@code campaign-{year}} and the participants are fixed, one plan each.
 * A second campaign for a year is refused and nothing is stored.
 */
@Component("registerCampaignDelegate")
class RegisterCampaignDelegate implements JavaDelegate {

  private static final Map<String, String> QUOTA_FIELDS = Map.of("HALL", "quotaHall", "SECTION", "quotaSection",
      "WINDOW", "quotaWindow", "STAFF", "quotaStaff", "COLLECTIVE", "quotaCollective", "MODEL", "quotaModel");

  private final CampaignService campaigns;
  private final CampaignPlans plans;
  private final Clock clock;

  RegisterCampaignDelegate(CampaignService campaigns, CampaignPlans plans, Clock clock) {
    this.clock = clock;
    this.campaigns = campaigns;
    this.plans = plans;
  }

  @Override
  public void execute(DelegateExecution execution) {
    if (!(execution.getVariable(Vars.YEAR) instanceof Number yearValue)) {
      throw TaskAnswers.refusal("请填写活动年度");
    }
    int year = yearValue.intValue();
    Campaign campaign = campaigns.ofYear(year).orElse(null);
    if (campaign == null) {
      try {
        campaign = campaigns.create(draftFrom(execution, year));
      } catch (InvalidInputException e) {
        throw TaskAnswers.refusal(describe(e));
      }
    }
    if (!campaigns.link(year, execution.getProcessInstanceId())) {
      throw TaskAnswers.refusal(year + " 年的竞赛活动已经在进行，每年只能有一个（见“竞赛活动”页面）");
    }
    List<String> participants = campaigns.participantsOf(campaign);
    if (participants.isEmpty()) {
      throw TaskAnswers.refusal("没有参赛单位：请先在“单位”页面建立单位，或填写参赛单位编码");
    }
    plans.createPending(year, participants);
    execution.setProcessBusinessKey(campaign.code());
    execution.setVariable(Vars.YEAR, year);
    execution.setVariable(Vars.NAME, campaign.name());
  }

  /** The form's labels, so that a refusal names the field as the office sees it. */
  private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("year", "年度"), Map.entry("name", "活动名称"),
      Map.entry("mobilisationStart", "动员部署开始"), Map.entry("mobilisationEnd", "动员部署截止"),
      Map.entry("competitionStart", "全面争创开始"), Map.entry("competitionEnd", "全面争创截止"),
      Map.entry("assessmentStart", "考核评比开始"), Map.entry("assessmentEnd", "考核评比截止"),
      Map.entry("publicityDays", "公示期"), Map.entry("weights", "分数权重"), Map.entry("quotas", "评优名额"),
      Map.entry("unitCodes", "参赛单位"));

  static String describe(InvalidInputException e) {
    return String.join("；", e.fieldErrors().entrySet().stream()
        .map(error -> LABELS.getOrDefault(error.getKey(), error.getKey()) + "：" + error.getValue()).toList());
  }

  private CampaignService.CampaignDraft draftFrom(DelegateExecution execution, int year) {
    InvalidInputException.Collector errors = new InvalidInputException.Collector();
    Map<String, Integer> quotas = new LinkedHashMap<>();
    QUOTA_FIELDS.forEach((category, field) -> {
      Object value = execution.getVariable(field);
      quotas.put(category, value instanceof Number n ? n.intValue() : 0);
    });
    List<String> unitCodes = CampaignService.unitCodesOf(execution.getVariable(Vars.PARTICIPANT_CODES) instanceof String s ? s : null);
    CampaignService.CampaignDraft draft = new CampaignService.CampaignDraft(year,
        execution.getVariable(Vars.NAME) instanceof String name ? name : year + " 年度优质服务竞赛活动",
        date(execution, "mobilisationStart", errors), date(execution, "mobilisationEnd", errors),
        date(execution, "competitionStart", errors), date(execution, "competitionEnd", errors),
        date(execution, "assessmentStart", errors), date(execution, "assessmentEnd", errors),
        execution.getVariable("publicityDays") instanceof Number n ? n.intValue() : 5,
        weight(execution, "weightInspection", 40), weight(execution, "weightDaily", 40),
        weight(execution, "weightSupervision", 20), quotas, unitCodes.isEmpty() ? null : unitCodes);
    errors.throwIfAny();
    return draft;
  }

  /** A date from the form (form-js sends "2027-03-31"), from the REST API, or a java.util.Date. */
  private LocalDate date(DelegateExecution execution, String variable, InvalidInputException.Collector errors) {
    Object value = execution.getVariable(variable);
    try {
      if (value instanceof String text && !text.isBlank()) {
        return LocalDate.parse(text.trim().length() > 10 ? text.trim().substring(0, 10) : text.trim());
      }
      if (value instanceof java.util.Date d) {
        return d.toInstant().atZone(clock.getZone()).toLocalDate();
      }
      if (value instanceof LocalDate d) {
        return d;
      }
    } catch (DateTimeParseException e) {
      errors.add(variable, "日期格式应为 年-月-日，如 2027-03-31");
    }
    return null;
  }

  private static BigDecimal weight(DelegateExecution execution, String variable, int fallback) {
    Object value = execution.getVariable(variable);
    return value instanceof Number n ? new BigDecimal(n.toString()) : BigDecimal.valueOf(fallback);
  }
}
