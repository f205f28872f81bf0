package org.servicestar.engine;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What the Java code and the diagrams promise each other, checked on a set of files: the resources of
 * one deployment before the engine stores it ({@link DeploymentContract}), or all of {@code bpmn/} and
 * {@code forms/} at build time (ModelContractTest). One check, so what the build refuses is what a
 * deployment from Modeler is refused for.
 *
 * <p>For every process and decision the app knows (the keys of its {@code *Ids} classes and of the
 * shipped diagrams) a problem is an <em>error</em>; for any other key it is a <em>warning</em>. The
 * checks:
 * <ul>
 *   <li>the ids Java relies on: the tasks, events, gateways and flows of an {@code *Ids} class exist in
 *       its process, its messages in the diagram, its decisions in the set or deployed;</li>
 *   <li>every bean a {@code delegateExpression} or an expression ({@code ${bean.method(…)}}) names is a
 *       Spring bean, and no element uses {@code camunda:class};</li>
 *   <li>every form a {@code camunda:formRef} names resolves (binding {@code deployment}: in the set
 *       itself; otherwise in the set or deployed);</li>
 *   <li>every called process and decision is in the set or deployed;</li>
 *   <li>the inputs and outputs of a decision that Java reads ({@link DecisionReads});</li>
 *   <li>every process and decision sets {@code historyTimeToLive};</li>
 *   <li>every candidate group is a known group or pattern ({@link KnownGroups}).</li>
 * </ul>
 * Every message is in Chinese and names the file and the element.
 */
public final class DiagramContract {

  static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
  private static final Pattern DELEGATE_BEAN = Pattern.compile("^\\s*[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*[.}(\\[]");
  private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{(.*?)}", Pattern.DOTALL);
  private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");
  /** A name followed by a member access: a bean ({@code workdays.after(…)}) unless the engine provides it. */
  private static final Pattern MEMBER_OWNER = Pattern.compile("(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*)\\s*\\.");
  private static final Set<String> ENGINE_NAMES = Set.of("execution", "task", "caseExecution", "externalTask", "variableScope",
      "authenticatedUserId", "connector");
  private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_])(?!\\s*\\()");
  private static final Set<String> FEEL_WORDS = Set.of("true", "false", "null", "and", "or", "not", "if", "then", "else",
      "for", "in", "return", "some", "every", "satisfies", "between", "instance", "of", "function");

  /** Text for people, not for the engine. */
  private static final Set<String> DOCUMENTATION = Set.of("documentation", "text");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One thing wrong: the file, the element (its id, or the missing id) and what is wrong, in Chinese. */
  public record Problem(String resource, String element, String message) {
    @Override
    public String toString() {
      return resource + (element == null || element.isEmpty() ? "" : " · " + element) + "：" + message;
    }
  }

  /**
   * The outcome for one set of files: errors (about what the app knows) refuse it; warnings (about new
   * keys) don't. {@code known} and {@code unknown} are the process and decision keys in the set.
   */
  public record Result(List<Problem> errors, List<Problem> warnings, Set<String> known, Set<String> unknown) {
    public boolean refused() {
      return !errors.isEmpty();
    }
  }

  /** What is deployed already, besides the files checked. */
  public interface Deployed {
    boolean process(String key);

    boolean decision(String key);

    boolean form(String id);

    /** Nothing: the files checked are all there is (the build-time check of bpmn/ and forms/). */
    Deployed NOTHING = new Deployed() {
      @Override
      public boolean process(String key) {
        return false;
      }

      @Override
      public boolean decision(String key) {
        return false;
      }

      @Override
      public boolean form(String id) {
        return false;
      }
    };
  }

  private final List<Class<?>> idsClasses;
  private final Predicate<String> beanExists;
  private final KnownGroups groups;
  private final Set<String> knownProcesses = new TreeSet<>();
  private final Set<String> knownDecisions = new TreeSet<>();
  private final Map<String, DecisionReads> reads = new LinkedHashMap<>();
  private final Set<String> shippedProcesses = new TreeSet<>();
  private final Set<String> shippedDecisions = new TreeSet<>();

  /**
   * @param idsClasses the app's {@code *Ids} classes ({@link #idsClasses()})
   * @param beanExists whether a Spring bean of that name exists
   * @param groups which candidate groups are known
   * @param shipped the app's own diagrams (resource name → content): their keys are known too
   */
  public DiagramContract(List<Class<?>> idsClasses, Predicate<String> beanExists, KnownGroups groups, Map<String, byte[]> shipped) {
    this.idsClasses = List.copyOf(idsClasses);
    this.beanExists = beanExists;
    this.groups = groups;
    for (Class<?> ids : idsClasses) {
      String process = constant(ids, "PROCESS");
      if (process != null) {
        knownProcesses.add(process);
      }
      String decision = constant(ids, "DECISION");
      if (decision != null) {
        knownDecisions.add(decision);
      }
      for (Class<?> nested : ids.getDeclaredClasses()) {
        if (nested.getSimpleName().equals("Decisions")) {
          knownDecisions.addAll(constants(nested));
        }
      }
      for (DecisionReads read : decisionReads(ids)) {
        knownDecisions.add(read.key());
        reads.merge(read.key(), read, DiagramContract::both);
      }
    }
    Files files = new Files(shipped);
    shippedProcesses.addAll(files.processes.keySet());
    shippedDecisions.addAll(files.decisions.keySet());
    knownProcesses.addAll(shippedProcesses);
    knownDecisions.addAll(shippedDecisions);
  }

  /**
   * Whether the app ships this process or decision: it is deployed at every start-up, so a diagram
   * may call it even where it is not deployed yet (the first start, which deploys one diagram after
   * the other).
   */
  public boolean ships(String key) {
    return shippedProcesses.contains(key) || shippedDecisions.contains(key);
  }

  /** The process keys the app knows: those of its ids classes and its shipped diagrams. */
  public Set<String> knownProcesses() {
    return knownProcesses;
  }

  /** The decision keys the app knows. */
  public Set<String> knownDecisions() {
    return knownDecisions;
  }

  /** The files of one deployment, against what is deployed already. */
  public Result check(Map<String, byte[]> resources, Deployed deployed) {
    return check(new Files(resources), deployed, false);
  }

  /**
   * The app's own files as one whole (bpmn/ and forms/ at build time): besides {@link #check}, every
   * {@code *Ids} class must find its process and decisions among them.
   */
  public Result checkWhole(Map<String, byte[]> resources) {
    return check(new Files(resources), Deployed.NOTHING, true);
  }

  private Result check(Files files, Deployed deployed, boolean whole) {
    Set<Problem> errors = new LinkedHashSet<>();
    Set<Problem> warnings = new LinkedHashSet<>(files.unreadable);
    Set<String> known = new TreeSet<>();
    Set<String> unknown = new TreeSet<>();
    files.processes.forEach((key, process) -> {
      boolean isKnown = knownProcesses.contains(key);
      (isKnown ? known : unknown).add(key);
      checkProcess(files, process, deployed, isKnown ? errors : warnings);
    });
    files.decisions.forEach((key, decision) -> {
      boolean isKnown = knownDecisions.contains(key);
      (isKnown ? known : unknown).add(key);
      checkDecision(decision, isKnown ? errors : warnings);
    });
    for (Class<?> ids : idsClasses) {
      String process = constant(ids, "PROCESS");
      if (process != null && files.processes.containsKey(process)) {
        checkIds(ids, files, files.processes.get(process), deployed, errors);
      } else if (whole && process != null) {
        errors.add(new Problem("bpmn/", process, ids.getSimpleName() + ".PROCESS 指向的流程不存在"));
      } else if (whole) {
        checkDecisionIds(ids, files, deployed, errors);
      }
    }
    return new Result(List.copyOf(errors), List.copyOf(warnings), known, unknown);
  }

  private void checkProcess(Files files, Located process, Deployed deployed, Set<Problem> sink) {
    Element root = process.element;
    String file = process.resource;
    String key = root.getAttribute("id");
    if (!"false".equals(root.getAttribute("isExecutable")) && root.getAttributeNS(CAMUNDA, "historyTimeToLive").isBlank()) {
      sink.add(new Problem(file, key, "流程没有设置历史数据保留期限（camunda:historyTimeToLive）"));
    }
    for (Element el : withDescendants(root)) {
      String at = idOf(el, key);
      boolean camundaElement = CAMUNDA.equals(el.getNamespaceURI());
      String classAttr = camundaElement ? el.getAttribute("class") : el.getAttributeNS(CAMUNDA, "class");
      if (!classAttr.isEmpty()) {
        sink.add(new Problem(file, at, "使用了 camunda:class「" + classAttr + "」：请改用指向 Spring Bean 的 delegateExpression"));
      }
      String delegate = camundaElement ? el.getAttribute("delegateExpression") : el.getAttributeNS(CAMUNDA, "delegateExpression");
      Matcher bean = DELEGATE_BEAN.matcher(delegate);
      if (bean.find() && !beanExists.test(bean.group(1))) {
        sink.add(new Problem(file, at, "委托表达式 " + delegate.strip() + " 引用的 Spring Bean「" + bean.group(1) + "」不存在"));
      }
      for (String expression : DOCUMENTATION.contains(el.getLocalName()) ? List.<String>of() : expressions(el)) {
        for (String name : beansIn(expression)) {
          if (!beanExists.test(name)) {
            sink.add(new Problem(file, at, "表达式 " + expression.strip() + " 引用的 Spring Bean「" + name + "」不存在"));
          }
        }
      }
      checkForm(files, el, at, file, deployed, sink);
      if (el.getLocalName().equals("callActivity")) {
        String called = el.getAttribute("calledElement");
        if (!called.isEmpty() && !isExpression(called) && !files.processes.containsKey(called) && !deployed.process(called)) {
          sink.add(new Problem(file, at, "调用的流程「" + called + "」既不在本次部署中，也没有部署过"));
        }
      }
      String decision = el.getAttributeNS(CAMUNDA, "decisionRef");
      if (!decision.isEmpty() && !isExpression(decision) && !files.decisions.containsKey(decision) && !deployed.decision(decision)) {
        sink.add(new Problem(file, at, "引用的决策表「" + decision + "」既不在本次部署中，也没有部署过"));
      }
      String candidates = el.getAttributeNS(CAMUNDA, "candidateGroups");
      for (String group : candidates.split(",")) {
        if (!group.isBlank() && !groups.known(group.strip())) {
          sink.add(new Problem(file, at, "候选组「" + group.strip() + "」不是已知的组（" + groups.describe() + "）"));
        }
      }
    }
  }

  private void checkForm(Files files, Element el, String at, String file, Deployed deployed, Set<Problem> sink) {
    String formRef = el.getAttributeNS(CAMUNDA, "formRef");
    if (!formRef.isEmpty() && !isExpression(formRef)) {
      String binding = el.getAttributeNS(CAMUNDA, "formRefBinding");
      if ("deployment".equals(binding)) {
        if (!files.forms.contains(formRef)) {
          sink.add(new Problem(file, at, "表单「" + formRef + "」（formRefBinding=deployment）不在本次部署中，也没有可随附的已部署版本"));
        }
      } else if (!files.forms.contains(formRef) && !deployed.form(formRef)) {
        sink.add(new Problem(file, at, "表单「" + formRef + "」既不在本次部署中，也没有部署过"));
      }
    }
    String formKey = el.getAttributeNS(CAMUNDA, "formKey");
    int at2 = formKey.indexOf("deployment:");
    if (at2 >= 0 && (formKey.startsWith("embedded:deployment:") || formKey.startsWith("camunda-forms:deployment:"))) {
      String name = formKey.substring(at2 + "deployment:".length());
      if (!files.names.contains(name)) {
        sink.add(new Problem(file, at, "表单文件「" + name + "」（" + formKey + "）不在本次部署中"));
      }
    }
  }

  private void checkDecision(Located decision, Set<Problem> sink) {
    Element root = decision.element;
    String key = root.getAttribute("id");
    if (attribute(root, "historyTimeToLive").isBlank()) {
      sink.add(new Problem(decision.resource, key, "决策表没有设置历史数据保留期限（camunda:historyTimeToLive）"));
    }
    DecisionReads read = reads.get(key);
    if (read == null) {
      return;
    }
    Element table = child(root, "decisionTable");
    if (table == null) {
      sink.add(new Problem(decision.resource, key, "程序按决策表读取它，但它不是决策表（decisionTable）"));
      return;
    }
    List<String> outputs = new ArrayList<>();
    for (Element output : children(table, "output")) {
      outputs.add(output.getAttribute("name"));
    }
    for (String needed : read.outputs()) {
      if (!outputs.contains(needed)) {
        sink.add(new Problem(decision.resource, key, "程序读取的输出「" + needed + "」不存在（现有输出：" + String.join("、", outputs) + "）"));
      }
    }
    if (read.singleOutput() && outputs.size() != 1) {
      sink.add(new Problem(decision.resource, key, "流程按单个结果（singleEntry）读取它，必须恰好有一个输出列，现有 " + outputs.size() + " 个"));
    }
    for (Element input : children(table, "input")) {
      Element expression = child(input, "inputExpression");
      Element text = expression == null ? null : child(expression, "text");
      String source = text == null ? "" : text.getTextContent();
      for (String variable : namesIn(source)) {
        if (!read.inputs().contains(variable)) {
          sink.add(new Problem(decision.resource, idOf(input, key), "输入表达式「" + source.strip() + "」使用了程序不提供的变量「" + variable
              + "」（程序提供：" + String.join("、", new TreeSet<>(read.inputs())) + "）"));
        }
      }
    }
  }

  private void checkIds(Class<?> ids, Files files, Located process, Deployed deployed, Set<Problem> sink) {
    Set<String> elements = new LinkedHashSet<>();
    for (Element el : withDescendants(process.element)) {
      if (el != process.element && el.hasAttribute("id")) {
        elements.add(el.getAttribute("id"));
      }
    }
    String key = process.element.getAttribute("id");
    for (Class<?> nested : ids.getDeclaredClasses()) {
      String kind = nested.getSimpleName();
      String where = ids.getSimpleName() + "." + kind;
      for (String value : constants(nested)) {
        switch (kind) {
          case "Tasks", "Events", "Gateways", "Flows" -> {
            if (!elements.contains(value)) {
              sink.add(new Problem(process.resource, value, "流程 " + key + " 中没有这个元素，而程序依赖它（" + where + "）；不要改名或删除"));
            }
          }
          case "Messages" -> {
            if (!files.messages.contains(value)) {
              sink.add(new Problem(process.resource, value, "图中没有定义这个消息名，而程序依赖它（" + where + "）"));
            }
          }
          case "Decisions" -> {
            if (!files.decisions.containsKey(value) && !deployed.decision(value)) {
              sink.add(new Problem(process.resource, value, "决策表既不在本次部署中，也没有部署过，而程序依赖它（" + where + "）"));
            }
          }
          default -> {
          }
        }
      }
    }
  }

  /** An ids class without a process ({@code ScoringIds}): its decisions must be among the app's files. */
  private void checkDecisionIds(Class<?> ids, Files files, Deployed deployed, Set<Problem> sink) {
    String decision = constant(ids, "DECISION");
    if (decision != null && !files.decisions.containsKey(decision) && !deployed.decision(decision)) {
      sink.add(new Problem("bpmn/", decision, ids.getSimpleName() + ".DECISION 指向的决策表不存在"));
    }
  }

  /** The beans an expression reaches into: {@code ${workdays.after(now(), 3)}} → workdays. */
  static Set<String> beansIn(String expression) {
    Set<String> beans = new LinkedHashSet<>();
    Matcher owner = MEMBER_OWNER.matcher(STRING_LITERAL.matcher(expression).replaceAll("''"));
    while (owner.find()) {
      if (!ENGINE_NAMES.contains(owner.group(1))) {
        beans.add(owner.group(1));
      }
    }
    return beans;
  }

  /** The variables an input expression reads: {@code score * 2} → score. */
  static Set<String> namesIn(String expression) {
    Set<String> names = new LinkedHashSet<>();
    String code = STRING_LITERAL.matcher(expression).replaceAll(" ").replaceAll("[$#{}]", " ");
    Matcher name = NAME.matcher(code);
    while (name.find()) {
      if (!FEEL_WORDS.contains(name.group(1))) {
        names.add(name.group(1));
      }
    }
    return names;
  }

  /** The expressions (other than a delegate expression) in an element's attributes and own text. */
  private static List<String> expressions(Element el) {
    List<String> found = new ArrayList<>();
    NamedNodeMap attributes = el.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attr = (Attr) attributes.item(i);
      if (!attr.getLocalName().equals("delegateExpression")) {
        addExpressions(attr.getValue(), found);
      }
    }
    for (Node child = el.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
        addExpressions(child.getNodeValue(), found);
      }
    }
    return found;
  }

  private static void addExpressions(String text, List<String> found) {
    Matcher m = EXPRESSION.matcher(text);
    while (m.find()) {
      found.add(m.group());
    }
  }

  private static boolean isExpression(String value) {
    return value.contains("${") || value.contains("#{");
  }

  /** The id of the element, or of the nearest ancestor with one (a listener names its task). */
  private static String idOf(Element el, String fallback) {
    for (Node n = el; n instanceof Element e; n = n.getParentNode()) {
      if (e.hasAttribute("id")) {
        return e.getAttribute("id");
      }
    }
    return fallback;
  }

  private static String attribute(Element el, String localName) {
    NamedNodeMap attributes = el.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attr = (Attr) attributes.item(i);
      if (localName.equals(attr.getLocalName())) {
        return attr.getValue();
      }
    }
    return "";
  }

  private static List<Element> withDescendants(Element root) {
    List<Element> all = new ArrayList<>();
    all.add(root);
    NodeList nodes = root.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < nodes.getLength(); i++) {
      all.add((Element) nodes.item(i));
    }
    return all;
  }

  private static Element child(Element parent, String localName) {
    List<Element> found = children(parent, localName);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) {
        found.add(e);
      }
    }
    return found;
  }

  private static DecisionReads both(DecisionReads a, DecisionReads b) {
    Set<String> inputs = new TreeSet<>(a.inputs());
    inputs.retainAll(b.inputs());
    Set<String> outputs = new TreeSet<>(a.outputs());
    outputs.addAll(b.outputs());
    return new DecisionReads(a.key(), inputs, outputs, a.singleOutput() || b.singleOutput());
  }

  /** An element of a file. */
  private record Located(String resource, Element element) {
  }

  /** What a set of files holds: processes and decisions by key, message names, form ids, resource names. */
  private static final class Files {
    final Map<String, Located> processes = new LinkedHashMap<>();
    final Map<String, Located> decisions = new LinkedHashMap<>();
    final Set<String> messages = new LinkedHashSet<>();
    final Set<String> forms = new LinkedHashSet<>();
    final Set<String> names;
    final List<Problem> unreadable = new ArrayList<>();

    Files(Map<String, byte[]> resources) {
      this.names = resources.keySet();
      resources.forEach((name, bytes) -> {
        if (isBpmn(name)) {
          readBpmn(name, bytes);
        } else if (isDmn(name)) {
          readDmn(name, bytes);
        } else if (name.endsWith(".form")) {
          readForm(name, bytes);
        }
      });
    }

    private void readBpmn(String name, byte[] bytes) {
      Document doc = parse(name, bytes);
      if (doc == null) {
        return;
      }
      for (Element el : withDescendants(doc.getDocumentElement())) {
        if (el.getLocalName().equals("process")) {
          processes.put(el.getAttribute("id"), new Located(name, el));
        } else if (el.getLocalName().equals("message") && el.hasAttribute("name")) {
          messages.add(el.getAttribute("name"));
        }
      }
    }

    private void readDmn(String name, byte[] bytes) {
      Document doc = parse(name, bytes);
      if (doc == null) {
        return;
      }
      for (Element el : withDescendants(doc.getDocumentElement())) {
        if (el.getLocalName().equals("decision")) {
          decisions.put(el.getAttribute("id"), new Located(name, el));
        }
      }
    }

    private void readForm(String name, byte[] bytes) {
      try {
        String id = JSON.readTree(bytes).path("id").asText("");
        if (id.isBlank()) {
          unreadable.add(new Problem(name, "", "表单没有顶层 id"));
        } else {
          forms.add(id);
        }
      } catch (java.io.IOException e) {
        unreadable.add(new Problem(name, "", "表单不是有效的 JSON"));
      }
    }

    private Document parse(String name, byte[] bytes) {
      try {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
      } catch (Exception e) {
        // The engine refuses it with its own parse error; nothing here can tell which keys it holds.
        unreadable.add(new Problem(name, "", "不是有效的 XML：" + e.getMessage()));
        return null;
      }
    }
  }

  static boolean isBpmn(String name) {
    return name.endsWith(".bpmn") || name.endsWith(".bpmn20.xml");
  }

  static boolean isDmn(String name) {
    return name.endsWith(".dmn") || name.endsWith(".dmn11.xml");
  }

  /** Every {@code *Ids} class of the app (one per process, {@code ComplaintHandlingIds} …), found on the classpath. */
  public static List<Class<?>> idsClasses() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
      @Override
      protected boolean isCandidateComponent(org.springframework.beans.factory.annotation.AnnotatedBeanDefinition definition) {
        return definition.getMetadata().isIndependent();
      }
    };
    scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile("org\\.servicestar\\.[a-z]+\\.[A-Z][A-Za-z]*[a-z]Ids")));
    List<Class<?>> classes = new ArrayList<>();
    for (BeanDefinition definition : scanner.findCandidateComponents("org.servicestar")) {
      try {
        Class<?> type = Class.forName(definition.getBeanClassName(), false, DiagramContract.class.getClassLoader());
        if (declares(type, "PROCESS") || declares(type, "DECISION")) {
          classes.add(type);
        }
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return classes;
  }

  private static boolean declares(Class<?> type, String field) {
    try {
      return type.getDeclaredField(field).getType() == String.class;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }

  private static List<DecisionReads> decisionReads(Class<?> ids) {
    List<DecisionReads> found = new ArrayList<>();
    List<Class<?>> types = new ArrayList<>(List.of(ids.getDeclaredClasses()));
    types.add(0, ids);
    for (Class<?> type : types) {
      for (Field f : type.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == DecisionReads.class) {
          f.setAccessible(true);
          try {
            found.add((DecisionReads) f.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return found;
  }

  private static String constant(Class<?> type, String field) {
    try {
      Field f = type.getDeclaredField(field);
      f.setAccessible(true);
      return f.getType() == String.class ? (String) f.get(null) : null;
    } catch (NoSuchFieldException e) {
      return null;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> constants(Class<?> type) {
    List<String> values = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        f.setAccessible(true);
        try {
          values.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return values;
  }

  /** The form ids a BPMN file binds with {@code camunda:formRefBinding="deployment"}: they must travel with it. */
  static Set<String> deploymentBoundForms(byte[] bpmn) {
    Set<String> ids = new LinkedHashSet<>();
    Files files = new Files(Map.of("diagram.bpmn", bpmn));
    for (Located process : files.processes.values()) {
      for (Element el : withDescendants(process.element)) {
        String formRef = el.getAttributeNS(CAMUNDA, "formRef");
        if (!formRef.isEmpty() && !isExpression(formRef) && "deployment".equals(el.getAttributeNS(CAMUNDA, "formRefBinding"))) {
          ids.add(formRef);
        }
      }
    }
    return ids;
  }

  /** The ids of the forms among the files. */
  static Set<String> formIds(Map<String, byte[]> resources) {
    return new Files(resources).forms;
  }
}
