package org.servicestar.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.servicestar.security.Groups;
import org.servicestar.support.Fixtures;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

/**
 * Administrators edit bpmn/ and forms/ in Camunda Modeler; this fails when an edit breaks what the
 * Java code relies on, or the code names something the diagrams lost. The same {@link DiagramContract}
 * checks every deployment at run time (DeploymentContract). No Spring context: the bean names come
 * from scanning the components and their {@code @Bean} methods, as Spring does.
 */
class ModelContractTest {

  private static final KnownGroups GROUPS = new KnownGroups() {
    @Override
    public boolean known(String candidateGroup) {
      return Groups.isCandidateGroup(candidateGroup);
    }

    @Override
    public String describe() {
      return Groups.candidateGroupsText();
    }
  };

  @Test
  void theDiagramsAndTheCodeAgree() {
    Map<String, byte[]> files = files(Path.of("bpmn"), Path.of("forms"));
    DiagramContract contract = new DiagramContract(DiagramContract.idsClasses(), componentBeanNames()::contains, GROUPS, files);
    assertThat(DiagramContract.idsClasses()).extracting(Class::getSimpleName)
        .contains("ComplaintHandlingIds", "RectificationIds", "InspectionIds", "ScoringIds", "AwardApprovalIds");
    DiagramContract.Result result = contract.checkWhole(files);
    assertThat(result.errors()).as("diagram contract problems").isEmpty();
    assertThat(result.warnings()).as("diagram contract warnings").isEmpty();
    assertThat(result.known()).contains("ComplaintHandling", "Rectification", "VetoCheck", "StarRating", "RectificationDeadline");
  }

  @Test
  void theCheckFindsEveryKindOfBrokenReference() {
    Path broken = Fixtures.folder("fixtures/contract-broken");
    DiagramContract contract = new DiagramContract(List.of(BrokenIds.class), Set.of("existingBean")::contains, GROUPS, Map.of());
    DiagramContract.Result result = contract.checkWhole(files(broken.resolve("bpmn"), broken.resolve("forms")));

    assertThat(result.known()).containsExactlyInAnyOrder("ContractBroken", "BrokenDecision");
    assertThat(result.unknown()).containsExactly("ContractNewProcess");
    assertThat(result.errors()).extracting(Object::toString).containsExactlyInAnyOrder(
        "bpmn/contract-broken.bpmn · Task_BadForm：表单「no-such-form」（formRefBinding=deployment）不在本次部署中，也没有可随附的已部署版本",
        "bpmn/contract-broken.bpmn · Task_BadForm：候选组「auditors」不是已知的组（" + Groups.candidateGroupsText() + "）",
        "bpmn/contract-broken.bpmn · Task_BadForm：表达式 ${missingCalendar.after(now(), 3)} 引用的 Spring Bean「missingCalendar」不存在",
        "bpmn/contract-broken.bpmn · Task_BadForm：委托表达式 ${missingListener} 引用的 Spring Bean「missingListener」不存在",
        "bpmn/contract-broken.bpmn · Task_BadBean：委托表达式 ${missingBean} 引用的 Spring Bean「missingBean」不存在",
        "bpmn/contract-broken.bpmn · Task_ClassDelegate：使用了 camunda:class「org.example.Nothing」：请改用指向 Spring Bean 的 delegateExpression",
        "bpmn/contract-broken.bpmn · Task_BadCall：调用的流程「NoSuchProcess」既不在本次部署中，也没有部署过",
        "bpmn/contract-broken.bpmn · Task_BadDecision：引用的决策表「NoSuchDecision」既不在本次部署中，也没有部署过",
        "bpmn/contract-broken.bpmn · Timer_Broken：表达式 ${noSuchSchedule.at('x.y')} 引用的 Spring Bean「noSuchSchedule」不存在",
        "bpmn/contract-broken.bpmn · Task_Missing：流程 ContractBroken 中没有这个元素，而程序依赖它（BrokenIds.Tasks）；不要改名或删除",
        "bpmn/contract-broken.bpmn · NoSuchMessage：图中没有定义这个消息名，而程序依赖它（BrokenIds.Messages）",
        "bpmn/broken-decision.dmn · BrokenDecision：决策表没有设置历史数据保留期限（camunda:historyTimeToLive）",
        "bpmn/broken-decision.dmn · BrokenDecision：程序读取的输出「stars」不存在（现有输出：points、note）",
        "bpmn/broken-decision.dmn · BrokenDecision：流程按单个结果（singleEntry）读取它，必须恰好有一个输出列，现有 2 个",
        "bpmn/broken-decision.dmn · Input_Score：输入表达式「score + bonus(\"x\") + extra」使用了程序不提供的变量「extra」（程序提供：score）");
    assertThat(result.warnings()).extracting(Object::toString).containsExactlyInAnyOrder(
        "bpmn/contract-broken.bpmn · ContractNewProcess：流程没有设置历史数据保留期限（camunda:historyTimeToLive）",
        "bpmn/contract-broken.bpmn · Task_NewBadBean：委托表达式 ${anotherMissingBean} 引用的 Spring Bean「anotherMissingBean」不存在");
  }

  @Test
  void theFixtureProcessPassesTheSameCheck() {
    Map<String, byte[]> files = files(Fixtures.deployFolder());
    DiagramContract.Result result = new DiagramContract(List.of(), name -> false, GROUPS, Map.of()).check(files, DiagramContract.Deployed.NOTHING);
    assertThat(result.unknown()).containsExactly("FixtureUnitTask");
    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void anExpressionNamesTheBeansItReachesIntoNotTheEnginesNamesOrVariables() {
    assertThat(DiagramContract.beansIn("${execution.getVariable('a.b') != null && workdays.after(now(), verifyDays - 1)}"))
        .containsExactly("workdays");
    assertThat(DiagramContract.beansIn("${campaignPhases.enter(execution, 'REVIEW')}")).containsExactly("campaignPhases");
    assertThat(DiagramContract.beansIn("${rectificationAccepted ? returnCount : returnCount + 1.5}")).isEmpty();
    assertThat(DiagramContract.namesIn("sourceType")).containsExactly("sourceType");
    assertThat(DiagramContract.namesIn("if score > 90.5 then \"a.b\" else floor(score)")).containsExactly("score");
  }

  @Test
  void candidateGroupsAreTheFixedGroupsAndTheUnitPattern() {
    assertThat(List.of("leading-group", "competition-office", "inspectors", "camunda-admin", "unit-${unitCode}", "unit-tax-hall", "${group}"))
        .allMatch(Groups::isCandidateGroup);
    assertThat(List.of("auditors", "unit-", "unit-Tax Hall", "inspector", "")).noneMatch(Groups::isCandidateGroup);
  }

  /** Ids of the broken fixture, as a process's ids class would name them. */
  static final class BrokenIds {
    static final String PROCESS = "ContractBroken";

    static final class Tasks {
      static final String PRESENT = "Task_Present";
      static final String MISSING = "Task_Missing";
    }

    static final class Messages {
      static final String KNOWN = "KnownMessage";
      static final String UNKNOWN = "NoSuchMessage";
    }

    static final class Decisions {
      static final DecisionReads BROKEN = new DecisionReads("BrokenDecision", Set.of("score"), Set.of("stars"), true);
    }
  }

  /** The files of folders as the app deploys them: {@code bpmn/x.bpmn}, {@code forms/y.form}. */
  static Map<String, byte[]> files(Path... folders) {
    Map<String, byte[]> files = new TreeMap<>();
    for (Path folder : folders) {
      files.putAll(DiagramDeployer.fromFolder(folder));
    }
    return files;
  }

  /** The bean names of the app's components and of their {@code @Bean} methods. */
  static Set<String> componentBeanNames() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
    AnnotationBeanNameGenerator names = new AnnotationBeanNameGenerator();
    SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
    Set<String> beans = new HashSet<>();
    for (BeanDefinition definition : scanner.findCandidateComponents("org.servicestar")) {
      beans.add(names.generateBeanName(definition, registry));
      try {
        for (Method method : Class.forName(definition.getBeanClassName()).getDeclaredMethods()) {
          Bean bean = method.getAnnotation(Bean.class);
          if (bean != null) {
            beans.addAll(bean.name().length > 0 ? List.of(bean.name()) : List.of(method.getName()));
          }
        }
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return beans;
  }
}
