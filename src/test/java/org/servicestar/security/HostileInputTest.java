package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.servicestar.complaint.ComplaintService;
import org.servicestar.rectification.RectificationLedger;
import org.servicestar.security.Roles.Role;
import org.servicestar.support.WebClient;
import org.servicestar.support.SpringAppTest;
import org.servicestar.unit.UnitService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of the app (found in the handler mapping, so a new one is not forgotten) is sent
 * hostile input: malformed JSON, wrong types, missing and extra fields, a key given twice, a 10 MB body, over-long and
 * control-character strings, emoji and rare CJK, script and SQL injection, path traversal. Always
 * an answer below 500 without a stack trace; invalid input stores nothing (rows counted before and
 * after); an API names the problem in Chinese; a page shows the script as text, never as markup.
 */
@SpringAppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

  static final String SCRIPT = "<script>alert('sx')</script>";
  static final String SQL = "' OR '1'='1'; DROP TABLE unit; --";
  static final String RARE = "😀𠀀𪚥";
  static final String CONTROL = "a\u0000b\u0007c\u001b[31m\u202e";
  static final String LONG = "长".repeat(20_000);
  static final String TRAVERSAL = "../../../etc/passwd";
  private static final String BIG_JSON = "{\"content\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}";
  private static final String BIG_FORM = "note=" + "x".repeat(10 * 1024 * 1024);

  /** Strings sent in every text field: the invalid ones must be refused with nothing stored. */
  static final Map<String, String> INVALID = Map.of("over-long", LONG, "control characters", CONTROL);
  static final Map<String, String> ODD = Map.of("script", SCRIPT, "sql", SQL, "emoji and rare CJK", RARE, "path traversal", TRAVERSAL);

  /** Endpoints whose body is read by hand (no @RequestBody): their JSON fields. */
  static final Map<String, List<String>> JSON_FIELDS = Map.of(
      "POST /api/ratings", List.of("unitCode", "level", "channel", "staffBadge", "comment", "contact", "clientRef"),
      "POST /api/ratings/batch", List.of("items"));

  /** Endpoints that take no part in this test, and why. */
  static final Map<String, String> EXEMPT = Map.of();

  /**
   * Tables written by every request or login whatever its input (the audit of logins, throttling, the sessions in
   * the database), not counted.
   */
  private static final List<String> NOT_COUNTED = List.of("AUDIT_LOG", "LOGIN_FAILURE", "MAIL_OUTBOX", "SPRING_SESSION",
      "SPRING_SESSION_ATTRIBUTES");
  /** Rows a scheduler deletes when they expire, whatever the test sends: fewer of them is not a finding. */
  private static final List<String> EXPIRING = List.of("PUBLIC_FORM_HIT");

  @LocalServerPort
  int port;
  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mapping;
  @Autowired
  JdbcClient jdbc;
  @Autowired
  UnitService units;
  @Autowired
  UnitGroups unitGroups;
  @Autowired
  IdentityAdministration identity;
  @Autowired
  ComplaintService complaints;
  @Autowired
  RuntimeService runtime;
  @Autowired
  RectificationLedger ledger;

  private Roles roles;
  private final Map<Role, WebClient> clients = new LinkedHashMap<>();
  private final List<String> findings = new ArrayList<>();
  private int requests;

  @BeforeAll
  void people() {
    roles = Roles.ensure(port, units, unitGroups, identity, complaints, runtime, ledger);
  }

  /** One endpoint of the app: method, pattern and the handler that serves it. */
  record Endpoint(String method, String pattern, HandlerMethod handler) {
    String key() {
      return method + " " + pattern;
    }
  }

  static List<Endpoint> endpoints(RequestMappingHandlerMapping mapping) {
    List<Endpoint> all = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
      if (!e.getValue().getBeanType().getPackageName().startsWith("org.servicestar")) {
        continue;
      }
      for (String pattern : e.getKey().getPatternValues()) {
        for (var method : e.getKey().getMethodsCondition().getMethods()) {
          all.add(new Endpoint(method.name(), pattern, e.getValue()));
        }
      }
    }
    all.sort(java.util.Comparator.comparing(Endpoint::key));
    return all;
  }

  @Test
  void everyEndpointWithstandsHostileInput() {
    List<Endpoint> endpoints = endpoints(mapping);
    List<String> uncovered = new ArrayList<>();
    Map<String, Integer> perEndpoint = new TreeMap<>();
    for (Endpoint endpoint : endpoints) {
      if (EXEMPT.containsKey(endpoint.key())) {
        continue;
      }
      Inputs inputs = Inputs.of(endpoint);
      if (inputs == null) {
        uncovered.add(endpoint.key());
        continue;
      }
      int before = requests;
      attack(endpoint, inputs);
      perEndpoint.put(endpoint.key(), requests - before);
    }
    System.out.printf("Hostile input: %d endpoints, %d requests (%d exempt)%n", perEndpoint.size(), requests, EXEMPT.size());
    perEndpoint.forEach((k, v) -> System.out.printf("  %-70s %3d requests%n", k, v));
    findings.forEach(f -> System.out.println("  FOUND " + f));
    assertThat(uncovered).as("endpoints whose input this test cannot derive: add them to JSON_FIELDS or EXEMPT (with a reason)").isEmpty();
    assertThat(findings).isEmpty();
  }

  @Test
  void emojiAndRareCharactersAreStoredAndShownAndScriptComesBackAsText() {
    String content = "窗口办事员态度恶劣 " + RARE + " " + SCRIPT;
    HttpResponse<String> created = clients.computeIfAbsent(Role.ANONYMOUS, roles::client).postJson("/api/complaints",
        "{\"unitCode\": \"" + Roles.UNIT_A + "\", \"channel\": \"ONLINE\", \"content\": \""
            + content.replace("\"", "\\\"") + "\", \"contactName\": \"张𪚥\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String number = created.body().replaceAll("(?s).*\"number\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    assertThat(jdbc.sql("select content from complaint where number = ?").param(number).query(String.class).single()).isEqualTo(content);
    String page = clients.computeIfAbsent(Role.OFFICE, roles::client).get("/complaints/" + number).body();
    assertThat(page).contains(RARE).contains("张𪚥").contains("&lt;script&gt;").doesNotContain(SCRIPT);
  }

  /** What an endpoint takes: path variables, request parameters, a JSON body's fields, a file. */
  record Inputs(List<String> pathVariables, Map<String, Class<?>> params, List<String> jsonFields, boolean file, boolean json) {

    static Inputs of(Endpoint endpoint) {
      List<String> path = new ArrayList<>();
      Map<String, Class<?>> params = new LinkedHashMap<>();
      List<String> json = null;
      boolean file = false;
      for (MethodParameter p : endpoint.handler().getMethodParameters()) {
        p = p.withContainingClass(endpoint.handler().getBeanType());
        p.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
        PathVariable pv = p.getParameterAnnotation(PathVariable.class);
        RequestParam rp = p.getParameterAnnotation(RequestParam.class);
        if (pv != null) {
          path.add(name(pv.value(), pv.name(), p));
        } else if (p.hasParameterAnnotation(RequestBody.class)) {
          json = p.getParameterType().isRecord()
              ? java.util.Arrays.stream(p.getParameterType().getRecordComponents()).map(RecordComponent::getName).toList()
              : List.of();
        } else if (MultipartFile.class.isAssignableFrom(p.getParameterType())) {
          file = true;
          params.put(rp == null ? p.getParameterName() : name(rp.value(), rp.name(), p), MultipartFile.class);
        } else if (rp != null) {
          params.put(name(rp.value(), rp.name(), p), p.getParameterType());
        }
      }
      if (json == null && JSON_FIELDS.containsKey(endpoint.key())) {
        json = JSON_FIELDS.get(endpoint.key());
      }
      boolean consumesJson = endpoint.handler().getMethodParameters().length > 0 && endpoint.key().startsWith("POST")
          && json == null && consumesJson(endpoint);
      if (consumesJson) {
        return null;
      }
      return new Inputs(path, params, json, file, json != null);
    }

    private static boolean consumesJson(Endpoint endpoint) {
      var post = endpoint.handler().getMethodAnnotation(org.springframework.web.bind.annotation.PostMapping.class);
      return post != null && java.util.Arrays.stream(post.consumes()).anyMatch(c -> c.contains("json"));
    }

    private static String name(String value, String name, MethodParameter p) {
      return !value.isEmpty() ? value : !name.isEmpty() ? name : p.getParameterName();
    }
  }

  private void attack(Endpoint endpoint, Inputs inputs) {
    WebClient client = clientFor(endpoint, inputs);
    // Rows are counted around all the invalid inputs of an endpoint at once (counting around each doubled the run time).
    Map<String, Long> before = rowCounts();
    send(endpoint, INVALID, true, client, inputs);
    structural(endpoint, inputs, client);
    Map<String, Long> after = rowCounts();
    EXPIRING.forEach(table -> after.computeIfPresent(table, (t, n) -> Math.max(n, before.getOrDefault(t, 0L))));
    if (!after.equals(before)) {
      findings.add(endpoint.key() + " [invalid input]: stored something: " + difference(before, after));
    }
    send(endpoint, ODD, false, client, inputs);
  }

  private void send(Endpoint endpoint, Map<String, String> payloads, boolean invalid, WebClient client, Inputs inputs) {
    for (Map.Entry<String, String> payload : payloads.entrySet()) {
      // Every text input carries the payload; numbers and flags a harmless value, so the text reaches the checks.
      if (!inputs.pathVariables().isEmpty() && endpoint.method().equals("GET")) {
        send(endpoint, payload.getKey() + " in the path", invalid, client, path(endpoint, inputs, payload.getValue()), null, null);
      }
      String path = realPath(endpoint);
      Map<String, String> form = form(inputs, payload.getValue(), false);
      if (inputs.json()) {
        send(endpoint, payload.getKey() + " in every field", invalid, client, path,
            json(endpoint, inputs, payload.getValue(), "\"extraField\": 1"), "application/json");
      } else if (inputs.file()) {
        send(endpoint, payload.getKey() + " as a file", invalid, client, path, multipart(form, "evil.png", payload.getValue().getBytes(StandardCharsets.UTF_8)), null);
      } else {
        send(endpoint, payload.getKey(), invalid, client, path, endpoint.method().equals("GET") ? null : encode(form), null);
      }
    }
  }

  /** Malformed, mistyped, missing and oversized input: all invalid. */
  private void structural(Endpoint endpoint, Inputs inputs, WebClient client) {
    String path = realPath(endpoint);
    if (inputs.json()) {
      send(endpoint, "malformed JSON", true, client, path, "{\"unitCode\": \"sx-a\", ", "application/json");
      send(endpoint, "wrong types", true, client, path,
          "{" + inputs.jsonFields().stream().map(f -> "\"" + f + "\": {\"nested\": [true]}").collect(Collectors.joining(", ")) + "}",
          "application/json");
      send(endpoint, "missing fields", true, client, path, "{}", "application/json");
      String first = inputs.jsonFields().isEmpty() ? "content" : inputs.jsonFields().get(0);
      String twice = json(endpoint, inputs, "说明", "\"" + first + "\": \"另一个值\"");
      HttpResponse<String> duplicated = send(endpoint, "key " + first + " twice", true, client, path, twice, "application/json");
      if (duplicated != null && !duplicated.body().contains("字段 " + first + " 重复出现")) {
        findings.add(endpoint.key() + " [key " + first + " twice]: the answer does not name the key: "
            + duplicated.body().substring(0, Math.min(200, duplicated.body().length())));
      }
      send(endpoint, "10 MB body", true, client, path, BIG_JSON, "application/json");
      send(endpoint, "not JSON at all", true, client, path, SCRIPT, "text/html");
    } else if (inputs.file()) {
      send(endpoint, "10 MB + 1 file", true, client, path, multipart(form(inputs, "说明", false), "big.pdf", new byte[10 * 1024 * 1024 + 1]), null);
      send(endpoint, "a script named .png", true, client, path,
          multipart(form(inputs, "说明", false), "photo.png", SCRIPT.getBytes(StandardCharsets.UTF_8)), null);
    } else if (!endpoint.method().equals("GET")) {
      send(endpoint, "missing fields", true, client, path, "", null);
      if (inputs.params().values().stream().anyMatch(t -> t != String.class)) {
        send(endpoint, "wrong types", true, client, path, encode(form(inputs, "abc", true)), null);
      }
      send(endpoint, "10 MB body", true, client, path, BIG_FORM, null);
    } else if (!inputs.params().isEmpty()) {
      send(endpoint, "wrong types", false, client, path + "?" + encode(form(inputs, "abc", true)), null, null);
    }
  }

  /** A role that may use the endpoint, so the input reaches the code behind the door. */
  private WebClient clientFor(Endpoint endpoint, Inputs inputs) {
    String probe = path(endpoint, inputs, "x");
    for (Role role : List.of(Role.ADMIN, Role.OFFICE, Role.LEAD_A, Role.LEADER, Role.ANONYMOUS)) {
      WebClient client = clients.computeIfAbsent(role, roles::client);
      if (endpoint.method().equals("GET") && client.get(probe).statusCode() != 403) {
        return client;
      }
    }
    // POSTs: the role whose pages show the form — the office runs most, a unit's lead uploads and appeals.
    return clients.get(endpoint.pattern().contains("/evidence") || endpoint.pattern().contains("/appeal") ? Role.LEAD_A : Role.OFFICE);
  }

  /** The path with the real records of unit A where the variable names one, so the input reaches the checks behind it. */
  String realPath(Endpoint endpoint) {
    return fill(endpoint.pattern(), name -> switch (name) {
      case "code", "unitCode" -> Roles.UNIT_A;
      case "year" -> "2071";
      case "number" -> endpoint.pattern().startsWith("/complaints") ? roles.recordsOfA.get("complaint")
          : endpoint.pattern().startsWith("/rectifications") ? roles.recordsOfA.get("rectification") : "x";
      default -> "x";
    });
  }

  static String path(Endpoint endpoint, Inputs inputs, String payload) {
    return fill(endpoint.pattern(), name -> payload);
  }

  /** The pattern with each {variable} replaced (a constrained one by a value its regex accepts), URL-encoded. */
  static String fill(String pattern, java.util.function.Function<String, String> values) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int depth = 0;
      int end = i;
      for (; end < pattern.length(); end++) {
        depth += pattern.charAt(end) == '{' ? 1 : pattern.charAt(end) == '}' ? -1 : 0;
        if (depth == 0) {
          break;
        }
      }
      String variable = pattern.substring(i + 1, end);
      int colon = variable.indexOf(':');
      String value = colon < 0 ? values.apply(variable) : sample(variable.substring(0, colon), variable.substring(colon + 1));
      out.append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
      i = end + 1;
    }
    return out.toString();
  }

  /** A value a constrained path variable accepts ({year:\d{4}}, {action:start|…}), so the payload reaches the rest. */
  private static String sample(String name, String regex) {
    for (String candidate : List.of("2071", "JC-2071-000001", "1", "start", "suspend", "x-1")) {
      if (candidate.matches(regex)) {
        return candidate;
      }
    }
    throw new AssertionError("no sample for {" + name + ":" + regex + "}");
  }

  private static Map<String, String> form(Inputs inputs, String payload, boolean wrongTypes) {
    Map<String, String> form = new LinkedHashMap<>();
    inputs.params().forEach((name, type) -> {
      if (type == MultipartFile.class) {
        return;
      }
      boolean text = type == String.class;
      form.put(name, text || wrongTypes ? payload
          : type == boolean.class || type == Boolean.class ? "false" : type.isEnum() ? payload : "2071");
    });
    return form;
  }

  private static String json(Endpoint endpoint, Inputs inputs, String payload, String extra) {
    String escaped = new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(payload));
    String fields = inputs.jsonFields().stream().map(f -> f.equals("items")
            ? "\"items\": [{\"unitCode\": \"" + escaped + "\", \"level\": 3, \"channel\": \"" + escaped + "\", \"comment\": \"" + escaped + "\"}]"
            : f.equals("level") || f.equals("nomineeId") ? "\"" + f + "\": 3" : "\"" + f + "\": \"" + escaped + "\"")
        .collect(Collectors.joining(", "));
    return "{" + fields + (fields.isEmpty() ? "" : ", ") + extra + "}";
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private record Multipart(String contentType, byte[] body) {
  }

  private static Multipart multipart(Map<String, String> form, String fileName, byte[] content) {
    String boundary = "----sx" + UUID.randomUUID();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    StringBuilder head = new StringBuilder();
    form.forEach((k, v) -> head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(k)
        .append("\"\r\n\r\n").append(v).append("\r\n"));
    head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"").append(fileName)
        .append("\"\r\nContent-Type: image/png\r\n\r\n");
    body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return new Multipart("multipart/form-data; boundary=" + boundary, body.toByteArray());
  }

  private HttpResponse<String> send(Endpoint endpoint, String what, boolean invalid, WebClient client, String path, Object body,
                                    String contentType) {
    HttpRequest.Builder request = client.request(path);
    if (body == null) {
      request.GET();
    } else if (body instanceof Multipart m) {
      request.header("Content-Type", m.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(m.body()));
    } else {
      request.header("Content-Type", contentType == null ? "application/x-www-form-urlencoded" : contentType)
          .POST(HttpRequest.BodyPublishers.ofString((String) body));
    }
    if (!endpoint.method().equals("GET") && body == null) {
      request.POST(HttpRequest.BodyPublishers.noBody());
    }
    if (!endpoint.method().equals("GET")) {
      withCsrf(client, request);
    }
    HttpResponse<String> response;
    requests++;
    try {
      response = client.send(request);
    } catch (IllegalStateException e) {
      // A refusal is an answer the client can read (4xx with the reason), not a connection cut mid-request.
      findings.add(endpoint.key() + " [" + what + "]: no answer, the connection failed: " + e.getCause());
      return null;
    }
    String where = endpoint.key() + " [" + what + "] → " + response.statusCode();
    String text = response.body() == null ? "" : response.body();
    if (response.statusCode() >= 500) {
      findings.add(where + ": " + text.substring(0, Math.min(200, text.length())).replace('\n', ' '));
    }
    if (text.contains("\tat org.") || text.contains("Exception:") || text.contains("SQLException")) {
      findings.add(where + ": the answer shows a stack trace or exception");
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("text/html") && text.contains(SCRIPT)) {
      findings.add(where + ": the script came back unescaped");
    }
    boolean api = endpoint.pattern().startsWith("/api/") || contentType != null && contentType.contains("json");
    if (invalid && api && !endpoint.method().equals("GET")) {
      // The batch answers 200 with each item's refusal (DESIGN.md): fine as long as none was accepted.
      boolean batchRefusedEach = response.statusCode() == 200 && text.contains("\"accepted\":0,") && text.contains("\"reason\":\"");
      if (response.statusCode() < 400 && !batchRefusedEach) {
        findings.add(where + ": invalid input accepted");
      } else if (!batchRefusedEach && response.statusCode() != 413 && !text.matches("(?s).*\\\"error\\\"\\s*:\\s*\\\"[^\\\"]*[\\u4e00-\\u9fa5].*")) {
        findings.add(where + ": no Chinese message: " + text.substring(0, Math.min(200, text.length())));
      }
    }
    return response;
  }

  private final Map<WebClient, String> tokens = new java.util.IdentityHashMap<>();

  /** The browser's CSRF token, as its forms carry it (in the header, since the form may be garbled on purpose). */
  private void withCsrf(WebClient client, HttpRequest.Builder request) {
    request.header("X-CSRF-TOKEN", tokens.computeIfAbsent(client, c -> c.csrfOf("/login")));
  }

  private List<String> tables;

  private Map<String, Long> rowCounts() {
    if (tables == null) {
      tables = jdbc.sql("select table_name from information_schema.tables where table_schema = 'PUBLIC' and table_type = 'BASE TABLE'"
        + " and (table_name not like 'ACT_%' or table_name in ('ACT_RU_EXECUTION', 'ACT_RU_TASK', 'ACT_RU_VARIABLE', 'ACT_ID_USER'))")
        .query(String.class).list();
    }
    Map<String, Long> counts = new TreeMap<>();
    for (String table : tables) {
      if (!NOT_COUNTED.contains(table.toUpperCase())) {
        counts.put(table, jdbc.sql("select count(*) from \"" + table + "\"").query(Long.class).single());
      }
    }
    return counts;
  }

  private static String difference(Map<String, Long> before, Map<String, Long> after) {
    return after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
        .map(e -> e.getKey() + " " + before.get(e.getKey()) + "→" + e.getValue()).collect(Collectors.joining(", "));
  }
}
