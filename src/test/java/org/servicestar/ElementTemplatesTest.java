package org.servicestar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.SpringAsmInfo;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.RegexPatternTypeFilter;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 17, part 5: the Camunda Modeler element templates in {@code bpmn/element-templates/} offer every delegate,
 * listener and expression bean the diagrams can use, and name only what exists. No Spring context: the beans come
 * from scanning the compiled classes for {@code @Component} (and {@code @Bean} methods), what a delegate reads from
 * the string constants its code loads, the process variables from the {@code *Ids.Vars} constants, the forms from
 * {@code forms/}.
 */
class ElementTemplatesTest {

  static final Path TEMPLATES = Path.of("bpmn", "element-templates");
  static final String SCHEMA = "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json";
  private static final Set<String> BINDINGS = Set.of("property", "camunda:property", "camunda:inputParameter",
      "camunda:outputParameter", "camunda:in", "camunda:out", "camunda:in:businessKey", "camunda:executionListener",
      "camunda:field", "camunda:errorEventDefinition");
  /** The field types Camunda 7's template schema allows per binding type. */
  private static final Map<String, Set<String>> FIELD_TYPES = Map.of(
      "property", Set.of("String", "Text", "Hidden", "Dropdown", "Boolean"),
      "camunda:inputParameter", Set.of("String", "Text", "Hidden", "Dropdown"),
      "camunda:field", Set.of("String", "Text", "Hidden", "Dropdown"),
      "camunda:executionListener", Set.of("Hidden"));
  private static final Pattern CJK = Pattern.compile("\\p{IsHan}");
  private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{([^}]*)}");
  private static final Pattern CALL = Pattern.compile("^\\s*(\\w+)\\.(\\w+)\\((.*)\\)\\s*$");
  private static final Pattern NAME_ONLY = Pattern.compile("^\\s*(\\w+)\\s*$");
  private static final Pattern READS = Pattern.compile("读取流程变量 ([^。]+)。");
  private static final Pattern BEAN_IN_DIAGRAM = Pattern.compile("[$#]\\{\\s*(\\w+)\\s*[.}]");
  private static final Set<String> ENGINE_NAMES = Set.of("execution", "task", "now", "true", "false", "null", "dateTime", "authenticatedUserId");

  /** Listener beans the engine itself puts on elements: no diagram names them, so they get no template. */
  private static final Map<String, String> NOT_FOR_DIAGRAMS = Map.of(
      "taskNotifier", "NotificationEnginePlugin puts it on every user task as the diagram is parsed");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Map<String, Class<?>> beans;
  private static Set<String> variables;
  private static Set<String> forms;

  @BeforeAll
  static void scan() throws IOException {
    beans = beans();
    variables = processVariables();
    forms = formIds();
  }

  @Test
  void everyTemplateNamesBeansAndFieldsThatExist() throws IOException {
    assertThat(templates()).as("templates in %s", TEMPLATES).hasSizeGreaterThan(10);
    assertThat(problems(templates())).isEmpty();
  }

  @Test
  void everyBeanTheDiagramsCanUseHasATemplate() throws IOException {
    Set<String> templated = new TreeSet<>();
    templates().forEach((file, template) -> templated.add(beanOf(template)));
    assertThat(beans).as("beans no diagram names").containsKeys(NOT_FOR_DIAGRAMS.keySet().toArray(String[]::new));
    assertThat(offeredBeans()).as("delegate, listener and expression beans").contains(
        "recordVetoDelegate", "setDueDateDelegate", "complaintTaskListener", "rectificationLedgerListener", "workdays");
    assertThat(new TreeSet<>(offeredBeans())).as("beans without a template in %s", TEMPLATES)
        .allSatisfy(bean -> assertThat(templated).as("a template for %s", bean).contains(bean));
  }

  @Test
  void theCheckFindsAWrongBeanAFieldNobodyReadsAndAnUnknownVariable() throws IOException {
    Map<String, JsonNode> broken = new TreeMap<>(templates());
    ObjectNode veto = (ObjectNode) broken.get("recordVetoDelegate.json#servicestar.recordVetoDelegate").deepCopy();
    ((ObjectNode) veto.get("properties").get(0)).put("value", "${recordVetoDelegat}");
    ((ObjectNode) veto.get("properties").get(1).get("binding")).put("name", "vetoClauseNumber");
    veto.put("description", "读取流程变量 unitCode、vetoUnit。");
    broken.put("recordVetoDelegate.json#servicestar.recordVetoDelegate", veto);
    ObjectNode listener = (ObjectNode) broken.get("complaintTaskListener.json#servicestar.complaintTaskListener").deepCopy();
    ((ArrayNode) listener.get("properties").get(1).get("choices")).addObject().put("name", "无此表单").put("value", "complaint-nowhere");
    broken.put("complaintTaskListener.json#servicestar.complaintTaskListener", listener);
    ObjectNode phases = (ObjectNode) broken.get("campaignPhases.json#servicestar.campaignPhases.closed").deepCopy();
    ((ObjectNode) phases.get("properties").get(0)).put("value", "${campaignPhases.leave(execution, 'CLOSED')}");
    broken.put("campaignPhases.json#servicestar.campaignPhases.closed", phases);

    assertThat(String.join("\n", problems(broken)))
        .contains("${recordVetoDelegat}")
        .contains("vetoClauseNumber")
        .contains("vetoUnit")
        .contains("complaint-nowhere")
        .contains("campaignPhases.leave");
  }

  /** Everything wrong with these templates ({@code file#id} → template). */
  static List<String> problems(Map<String, JsonNode> templates) {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Map.Entry<String, JsonNode> entry : templates.entrySet()) {
      String where = entry.getKey();
      JsonNode template = entry.getValue();
      String id = template.path("id").asText();
      if (!ids.add(id)) {
        problems.add(where + ": id " + id + " is used twice");
      }
      if (!SCHEMA.equals(template.path("$schema").asText())) {
        problems.add(where + ": $schema must be " + SCHEMA);
      }
      if (!CJK.matcher(template.path("name").asText()).find() || !CJK.matcher(template.path("description").asText()).find()) {
        problems.add(where + ": needs a Chinese name and description");
      }
      if (!template.path("version").isInt() || !template.path("appliesTo").isArray() || template.path("appliesTo").isEmpty()) {
        problems.add(where + ": needs a version and appliesTo");
      }
      String beanName = beanOf(template);
      Class<?> bean = beans.get(beanName);
      if (bean == null) {
        problems.add(where + ": no bean named " + beanName + " (the template id is servicestar.{bean}[.variant])");
        continue;
      }
      Set<String> loaded = stringsLoadedBy(bean);
      boolean usesBean = false;
      for (JsonNode property : template.path("properties")) {
        JsonNode binding = property.path("binding");
        String type = binding.path("type").asText();
        if (!BINDINGS.contains(type)) {
          problems.add(where + ": binding type " + type + " is not one of Camunda 7's");
          continue;
        }
        String fieldType = property.path("type").asText();
        if (FIELD_TYPES.containsKey(type) && !FIELD_TYPES.get(type).contains(fieldType)
            || !FIELD_TYPES.containsKey(type) && !Set.of("String", "Hidden", "Dropdown").contains(fieldType)) {
          problems.add(where + ": a " + type + " binding cannot be of type " + fieldType);
        }
        if (fieldType.equals("Dropdown")) {
          Set<String> choices = new HashSet<>();
          property.path("choices").forEach(choice -> choices.add(choice.path("value").asText()));
          expect(problems, !choices.isEmpty() && (!property.hasNonNull("value") || choices.contains(property.get("value").asText())),
              where + ": a Dropdown needs choices, and its value must be one of them");
        }
        List<String> values = new ArrayList<>();
        if (property.hasNonNull("value")) {
          values.add(property.get("value").asText());
        }
        property.path("choices").forEach(choice -> values.add(choice.path("value").asText()));
        for (String value : values) {
          problems.addAll(expressionProblems(where, value));
          usesBean |= value.contains("${" + beanName + "}") || value.contains("${" + beanName + ".");
        }
        String name = binding.path("name").asText();
        if (type.equals("property") && name.equals("camunda:delegateExpression")) {
          expect(problems, values.equals(List.of("${" + beanName + "}")) && JavaDelegate.class.isAssignableFrom(bean)
              && "Hidden".equals(property.path("type").asText()), where + ": camunda:delegateExpression must be the hidden ${" + beanName + "} of a JavaDelegate, is " + values);
        }
        if (type.equals("property") && name.equals("camunda:formRef")) {
          values.stream().filter(form -> !forms.contains(form))
              .forEach(form -> problems.add(where + ": form " + form + " is not the id of any form in forms/"));
        }
        if (type.equals("camunda:executionListener")) {
          String implementation = binding.path("implementationType").asText();
          expect(problems, "Hidden".equals(property.path("type").asText()) && Set.of("start", "end", "take").contains(binding.path("event").asText()),
              where + ": an execution listener is Hidden with an event start, end or take");
          if (implementation.equals("delegateExpression")) {
            expect(problems, values.equals(List.of("${" + beanName + "}")) && ExecutionListener.class.isAssignableFrom(bean),
                where + ": the listener must be ${" + beanName + "} of an ExecutionListener, is " + values);
          } else if (!implementation.equals("expression")) {
            problems.add(where + ": execution listeners are delegate expressions or expressions, not " + implementation);
          }
        }
        if (type.equals("camunda:inputParameter") && !loaded.contains(name)) {
          problems.add(where + ": the input parameter " + name + " is never read by " + bean.getSimpleName());
        }
      }
      if (TaskListener.class.isAssignableFrom(bean) && !ExecutionListener.class.isAssignableFrom(bean) && !JavaDelegate.class.isAssignableFrom(bean)) {
        // Camunda 7 templates cannot add a task listener: the template says which one to add.
        usesBean |= template.path("description").asText().contains("${" + beanName + "}");
        expect(problems, template.path("appliesTo").toString().contains("bpmn:UserTask"), where + ": a task listener's template applies to user tasks");
      }
      expect(problems, usesBean, where + ": uses neither ${" + beanName + "} nor a method of it");
      Matcher reads = READS.matcher(template.path("description").asText());
      while (reads.find()) {
        for (String variable : reads.group(1).split("、")) {
          String name = variable.strip();
          if (!variables.contains(name)) {
            problems.add(where + ": the description's variable " + name + " is not a process variable of any *Ids.Vars");
          } else if (!loaded.contains(name)) {
            problems.add(where + ": the description's variable " + name + " is never read by " + bean.getSimpleName());
          }
        }
      }
    }
    return problems;
  }

  /** An expression's bean exists with that method and number of arguments; its bare names are known variables. */
  private static List<String> expressionProblems(String where, String value) {
    List<String> problems = new ArrayList<>();
    Matcher expressions = EXPRESSION.matcher(value);
    while (expressions.find()) {
      String body = expressions.group(1);
      Matcher call = CALL.matcher(body);
      Matcher name = NAME_ONLY.matcher(body);
      List<String> arguments = new ArrayList<>();
      if (call.matches()) {
        Class<?> bean = beans.get(call.group(1));
        if (bean == null) {
          problems.add(where + ": " + body + ": no bean named " + call.group(1));
          continue;
        }
        String[] args = call.group(3).isBlank() ? new String[0] : call.group(3).split(",");
        boolean exists = Stream.concat(Stream.of(bean.getMethods()), Stream.of(bean.getDeclaredMethods()))
            .anyMatch(m -> m.getName().equals(call.group(2)) && m.getParameterCount() == args.length);
        if (!exists) {
          problems.add(where + ": " + body + ": " + bean.getSimpleName() + " has no method " + call.group(2) + " with " + args.length + " argument(s)");
        }
        arguments.addAll(List.of(args));
      } else if (name.matches()) {
        if (!beans.containsKey(name.group(1))) {
          arguments.add(name.group(1));
        }
      } else {
        arguments.add(body);
      }
      for (String argument : arguments) {
        String a = argument.strip();
        if (a.matches("\\w+\\(.*\\)") && a.startsWith("now(")) {
          continue;
        }
        if (a.matches("\\d+") || a.matches("'[^']*'") || ENGINE_NAMES.contains(a)) {
          continue;
        }
        if (!a.matches("\\w+")) {
          problems.add(where + ": " + body + ": only bean calls with names, numbers and strings as arguments are checked here");
        } else if (!variables.contains(a)) {
          problems.add(where + ": " + body + ": " + a + " is not a process variable of any *Ids.Vars");
        }
      }
    }
    return problems;
  }

  private static void expect(List<String> problems, boolean condition, String problem) {
    if (!condition) {
      problems.add(problem);
    }
  }

  static String beanOf(JsonNode template) {
    String[] parts = template.path("id").asText().split("\\.");
    return parts.length >= 2 && parts[0].equals("servicestar") ? parts[1] : "(id " + template.path("id").asText() + ")";
  }

  /** {@code file#id} → template, every template of every file in {@code bpmn/element-templates/}. */
  static Map<String, JsonNode> templates() throws IOException {
    Map<String, JsonNode> templates = new TreeMap<>();
    try (Stream<Path> files = Files.list(TEMPLATES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode content = JSON.readTree(file.toFile());
        for (JsonNode template : content.isArray() ? content : JSON.createArrayNode().add(content)) {
          templates.put(file.getFileName() + "#" + template.path("id").asText(), template);
        }
      }
    }
    return templates;
  }

  /** Beans a diagram can name: delegates and listeners, and every bean the shipped diagrams call in expressions. */
  static Set<String> offeredBeans() throws IOException {
    Set<String> offered = new TreeSet<>();
    beans.forEach((name, type) -> {
      if ((JavaDelegate.class.isAssignableFrom(type) || ExecutionListener.class.isAssignableFrom(type) || TaskListener.class.isAssignableFrom(type))
          && !NOT_FOR_DIAGRAMS.containsKey(name)) {
        offered.add(name);
      }
    });
    try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
        Matcher used = BEAN_IN_DIAGRAM.matcher(Files.readString(file));
        while (used.find()) {
          if (beans.containsKey(used.group(1))) {
            offered.add(used.group(1));
          }
        }
      }
    }
    return offered;
  }

  /** Bean name → class: {@code @Component} classes (and stereotypes) and {@code @Bean} methods under org.servicestar. */
  private static Map<String, Class<?>> beans() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
    AnnotationBeanNameGenerator names = new AnnotationBeanNameGenerator();
    SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
    Map<String, Class<?>> beans = new TreeMap<>();
    scanner.findCandidateComponents("org.servicestar").forEach(definition -> {
      Class<?> type = load(definition.getBeanClassName());
      if (Path.of("target", "test-classes", type.getName().replace('.', '/') + ".class").toFile().exists()) {
        return; // test code
      }
      beans.put(names.generateBeanName(definition, registry), type);
      for (Method method : type.getDeclaredMethods()) {
        Bean bean = AnnotatedElementUtils.findMergedAnnotation(method, Bean.class);
        if (bean != null) {
          beans.put(bean.name().length > 0 ? bean.name()[0] : method.getName(), method.getReturnType());
        }
      }
    });
    assertThat(beans).as("beans found by scanning").containsKeys("recordVetoDelegate", "workdays");
    return beans;
  }

  /** The values of the String constants of every {@code *Ids.Vars} class: the process variables Java knows. */
  private static Set<String> processVariables() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
      @Override
      protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
        return true;
      }
    };
    scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile(".*Ids\\$Vars")));
    Set<String> names = new TreeSet<>();
    scanner.findCandidateComponents("org.servicestar").forEach(definition -> {
      for (var field : load(definition.getBeanClassName()).getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          try {
            field.setAccessible(true);
            names.add((String) field.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    });
    assertThat(names).as("variables of the *Ids.Vars classes").contains("complaintNumber", "dueDate", "campaignYear");
    return names;
  }

  private static Set<String> formIds() throws IOException {
    Set<String> ids = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("forms"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".form")).toList()) {
        ids.add(JSON.readTree(file.toFile()).path("id").asText());
      }
    }
    return ids;
  }

  /** The string constants the code of {@code type} loads (inlined constants included), its superclasses' and nested classes' too. */
  static Set<String> stringsLoadedBy(Class<?> type) {
    Set<String> strings = new TreeSet<>();
    List<Class<?>> todo = new ArrayList<>(List.of(type));
    Set<Class<?>> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Class<?> next = todo.remove(0);
      if (next == null || !next.getName().startsWith("org.servicestar") || !seen.add(next)) {
        continue;
      }
      todo.add(next.getSuperclass());
      todo.addAll(List.of(next.getDeclaredClasses()));
      try (InputStream in = next.getResourceAsStream("/" + next.getName().replace('.', '/') + ".class")) {
        new ClassReader(in).accept(new ClassVisitor(SpringAsmInfo.ASM_VERSION) {
          @Override
          public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(SpringAsmInfo.ASM_VERSION) {
              @Override
              public void visitLdcInsn(Object value) {
                if (value instanceof String text) {
                  strings.add(text);
                }
              }
            };
          }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return strings;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
