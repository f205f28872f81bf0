package org.servicestar.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Camunda's webapps speak Chinese: for each of Tasklist, Cockpit, Admin and Welcome our
 * {@code locales/zh.json} must translate every key of the English locale shipped in
 * camunda-webapp-webjar (same keys, nothing empty, the same placeholders, HTML and moment.js
 * tokens, and Chinese in every text but a few technical words), each app's {@code scripts/config.js}
 * override must offer zh by default and en on request and load ServiceStar's custom script, and
 * each app's {@code styles/user-styles.css} must hide Camunda 7.24's migration banner. Plain JUnit:
 * reads the classpath only (WebappLocaleAppTest checks what the running app serves).
 */
class WebappLocaleTest {

  static final String APP = "META-INF/resources/webjars/camunda/app/";
  private static final String CUSTOM_SCRIPT = "../servicestar/webapp-integration";
  /** The element Camunda 7.24 CE renders above every page ("It is time to migrate to Camunda 8…"). */
  static final String BANNER_CLASS = "ce-eol-banner";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{.*?}}");
  private static final Pattern HTML_TAG = Pattern.compile("<[^>]*>");
  private static final Pattern HTML_ENTITY = Pattern.compile("&[a-zA-Z]+;|&#\\d+;");
  private static final Pattern PRINTF = Pattern.compile("%[sd]");
  /** moment.js format tokens that may appear outside [literal] brackets. */
  private static final Pattern MOMENT_TOKEN = Pattern.compile(
      "LLLL|LLL|LL|LTS|LT|L|llll|lll|ll|l|YYYY|YY|MMMM|MMM|MM|Mo|M|DDDD|DDD|DD|Do|D|dddd|ddd|dd|do|d"
          + "|HH|H|hh|h|kk|k|mm|m|ss|s|SSS|SS|S|A|a|ZZ|Z|X|x|Qo|Q|Wo|WW|W|wo|ww|w|E|e|GGGG|gggg");
  private static final Pattern CHINESE = Pattern.compile("\\p{IsHan}");
  /**
   * Words an administrator reads as they are, so a text made only of them (and of placeholders,
   * tags, digits and signs: "ID", "<null>", ">=", "{{count}}") needs no Chinese. Everything else
   * in Latin letters is English a person would have to read: translate it rather than adding it here.
   */
  private static final Pattern UNTRANSLATED_WORDS = Pattern.compile(
      "\\b(?:ID|IDs|BPMN|DMN|CMMN|FEEL|JSON|XML|CSV|HTML|API|REST|URL|LDAP|UTC|null|undefined|true|false)\\b");

  private final ObjectMapper json = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void zhTranslatesEveryKeyOfTheShippedEnglishLocale(String app) throws IOException {
    Map<String, JsonNode> en = flatten(readJson(shippedUrl(APP + app + "/locales/en.json")));
    Map<String, JsonNode> zh = flatten(readJson(ourUrl(APP + app + "/locales/zh.json")));
    assertTrue(en.size() > 100, "the shipped " + app + " en.json looks wrong: only " + en.size() + " values");

    List<String> problems = new ArrayList<>();
    for (String key : en.keySet()) {
      if (!zh.containsKey(key)) {
        problems.add("missing in zh.json: " + key);
      }
    }
    for (String key : zh.keySet()) {
      if (!en.containsKey(key)) {
        problems.add("not in en.json (extra or misplaced): " + key);
      }
    }
    for (Map.Entry<String, JsonNode> entry : zh.entrySet()) {
      String key = entry.getKey();
      JsonNode zhValue = entry.getValue();
      JsonNode enValue = en.get(key);
      // Cockpit appends an English plural "s" from its own key (PLGN_BATCH_S = "s"); Chinese has none.
      boolean pluralSuffix = enValue != null && "s".equals(enValue.asText());
      if (zhValue.isTextual() && zhValue.asText().isBlank() && !pluralSuffix) {
        problems.add("empty: " + key);
      }
      if (enValue == null) {
        continue;
      }
      if (enValue.getNodeType() != zhValue.getNodeType()) {
        problems.add("type " + zhValue.getNodeType() + " instead of " + enValue.getNodeType() + ": " + key);
        continue;
      }
      if (!enValue.isTextual()) {
        continue;
      }
      String enText = enValue.asText();
      String zhText = zhValue.asText();
      compare(problems, key, "{{placeholders}}", tokens(PLACEHOLDER, enText), tokens(PLACEHOLDER, zhText));
      compare(problems, key, "HTML tags", tokens(HTML_TAG, enText), tokens(HTML_TAG, zhText));
      compare(problems, key, "HTML entities", tokens(HTML_ENTITY, enText), tokens(HTML_ENTITY, zhText));
      if (key.startsWith("dateLocales.relativeTime.")) {
        compare(problems, key, "%s/%d", tokens(PRINTF, enText), tokens(PRINTF, zhText));
      }
      if (isMomentFormat(key)) {
        String bad = nonMomentLetters(zhText);
        if (!bad.isEmpty()) {
          problems.add("not a moment.js format (bracket literal text): " + key + " = " + zhText + " ; stray: " + bad);
        }
      } else if (!zhText.isBlank() && !readsAsChinese(zhText)) {
        problems.add("English only (translate it): " + key + " = " + zhText);
      }
    }
    if (!problems.isEmpty()) {
      fail(app + " zh.json does not match the shipped en.json (" + problems.size() + " problems):\n  "
          + String.join("\n  ", problems));
    }
  }

  @Test
  void theChineseCheckRefusesEnglishAndAcceptsTechnicalWords() {
    assertFalse(readsAsChinese("Delete"), "an English word");
    assertFalse(readsAsChinese("Really delete group {{group}}?"), "an English sentence with a placeholder");
    assertFalse(readsAsChinese("Camunda Platform"), "a product name is English to a reader");
    assertTrue(readsAsChinese("删除用户组 {{group}}"));
    assertTrue(readsAsChinese("请前往<strong>授权页面</strong>"));
    assertTrue(readsAsChinese("流程定义 ID"));
    for (String technical : List.of("ID", "ID*", "<null>", "<undefined>", ">=", "{{count}}", "BPMN", "12")) {
      assertTrue(readsAsChinese(technical), technical);
    }
    // every shipped English locale has plenty of texts the check refuses
    for (String app : List.of("tasklist", "cockpit", "admin", "welcome")) {
      try {
        Map<String, JsonNode> en = flatten(readJson(shippedUrl(APP + app + "/locales/en.json")));
        long english = en.entrySet().stream()
            .filter(e -> e.getValue().isTextual() && !isMomentFormat(e.getKey()) && !readsAsChinese(e.getValue().asText()))
            .count();
        assertTrue(english > en.size() / 2, app + ": only " + english + " of " + en.size() + " English texts refused");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin"})
  void momentFormatCheckAcceptsTheShippedEnglishFormats(String app) throws IOException {
    // guards the format check above against rejecting everything or nothing
    Map<String, JsonNode> en = flatten(readJson(shippedUrl(APP + app + "/locales/en.json")));
    en.forEach((key, value) -> {
      if (isMomentFormat(key)) {
        assertEquals("", nonMomentLetters(value.asText()), key);
      }
    });
    assertEquals("年", nonMomentLetters("YYYY年 HH:mm"), "unbracketed Chinese is reported");
    assertEquals("", nonMomentLetters("YYYY[年]M[月]D[日] dddd HH:mm"), "bracketed literals are fine");
    assertTrue(!nonMomentLetters("Today at LT").isEmpty(), "unbracketed words are reported");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void everyWebappOffersChineseByDefaultAndEnglishOnRequest(String app) throws IOException {
    String config = stripComments(ourResource(APP + app + "/scripts/config.js"));
    List<String> available = stringArray(config, "availableLocales");
    assertEquals(List.of("zh", "en"), available, app + " availableLocales");
    Matcher fallback = Pattern.compile("fallbackLocale['\"]?\\s*:\\s*['\"]([^'\"]*)['\"]").matcher(config);
    assertTrue(fallback.find(), app + " config.js sets no fallbackLocale");
    assertEquals("zh", fallback.group(1), app + " fallbackLocale");
    Matcher name = Pattern.compile("\\bname['\"]?\\s*:\\s*['\"]([^'\"]*)['\"]").matcher(config);
    assertTrue(name.find() && CHINESE.matcher(name.group(1)).find(), app + " config.js names the app in Chinese (app.name)");
    assertTrue(config.contains("export default"), "config.js must stay an ES module");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void everyWebappLoadsTheCustomScript(String app) throws IOException {
    String config = stripComments(ourResource(APP + app + "/scripts/config.js"));
    List<String> scripts = stringArray(config, "customScripts");
    assertTrue(scripts.contains(CUSTOM_SCRIPT), app + " config.js customScripts " + scripts + " lacks " + CUSTOM_SCRIPT);
    // Camunda resolves the entry against /camunda/app/<app>/ and appends ".js"
    String path = URI.create("/camunda/app/" + app + "/" + CUSTOM_SCRIPT + ".js").normalize().getPath();
    assertEquals("/camunda/app/servicestar/webapp-integration.js", path);
    assertNotNull(loader().getResource("META-INF/resources/webjars/camunda" + path.substring("/camunda".length())),
        "the custom script " + path + " is not on the classpath");
  }

  /** What ServiceStar adds to the shipped config.js of Cockpit, Admin and Welcome, line by line (trimmed). */
  private static final Pattern ADDED_CONFIG_LINE = Pattern.compile(
      "|//.*|customScripts: \\[.*],|app: \\{|name: '[^']*',|vendor: '[^']*'|locales: \\{"
          + "|availableLocales: \\[.*],|fallbackLocale: '[^']*'|},?");

  @ParameterizedTest
  @ValueSource(strings = {"cockpit", "admin", "welcome"})
  void otherWebappConfigsKeepEveryShippedLine(String app) throws IOException {
    List<String> ours = lines(ourResource(APP + app + "/scripts/config.js"));
    List<String> shipped = lines(read(shippedUrl(APP + app + "/scripts/config.js")));
    // ours = shipped + inserted comments + the custom script, the app's name and the locales
    Iterator<String> expected = shipped.iterator();
    String next = expected.hasNext() ? expected.next() : null;
    List<String> added = new ArrayList<>();
    for (String line : ours) {
      if (next != null && line.equals(next)) {
        next = expected.hasNext() ? expected.next() : null;
      } else {
        added.add(line);
      }
    }
    assertEquals(null, next, app + " config.js lost a shipped line: " + next);
    for (String line : added) {
      assertTrue(ADDED_CONFIG_LINE.matcher(line.trim()).matches(), app + " config.js adds more than ServiceStar's settings: " + line);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tasklist", "cockpit", "admin", "welcome"})
  void noWebappShowsTheMigrationBanner(String app) throws IOException {
    // Camunda renders the banner with this class in every app's header widget ...
    String bundle = read(shippedUrl(APP + app + "/camunda-" + app + "-bootstrap.js"));
    assertTrue(bundle.contains("class=\"" + BANNER_CLASS + "\""),
        app + ": the shipped header no longer renders ." + BANNER_CLASS + "; find out how Camunda shows the banner now");
    // ... every app's page loads styles/user-styles.css after Camunda's styles ...
    String index = read(shippedUrl(APP + app + "/index.html"));
    assertTrue(index.contains("app/" + app + "/styles/user-styles.css"), app + " index.html no longer loads user-styles.css");
    // ... and ours (not the shipped, empty one) hides it
    assertTrue(hidesBanner(ourResource(APP + app + "/styles/user-styles.css")),
        app + " styles/user-styles.css does not hide ." + BANNER_CLASS);
  }

  /** A CSS rule whose selector names the banner's class and that sets display: none. */
  static boolean hidesBanner(String css) {
    Matcher rule = Pattern.compile("([^{}]*)\\{([^}]*)}").matcher(stripComments(css));
    while (rule.find()) {
      if (rule.group(1).contains("." + BANNER_CLASS)
          && Pattern.compile("(?:^|;)\\s*display\\s*:\\s*none\\b").matcher(rule.group(2).trim()).find()) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theBannerCheckNeedsARuleThatHidesIt() {
    assertTrue(hidesBanner("[cam-widget-header] .ce-eol-banner {\n  display: none !important;\n}"));
    assertFalse(hidesBanner("/* .ce-eol-banner { display: none } */"), "a commented-out rule");
    assertFalse(hidesBanner(".ce-eol-banner { color: red; }"));
    assertFalse(hidesBanner(".navbar { display: none; } .ce-eol-banner a { color: white; }"));
  }

  @Test
  void customScriptKnowsTheWebappPath() throws IOException {
    String script = ourResource(APP + "servicestar/webapp-integration.js");
    Matcher constant = Pattern.compile("const WEBAPP_PATH = '([^']*)';").matcher(script);
    assertTrue(constant.find(), "webapp-integration.js declares no WEBAPP_PATH");
    try (InputStream in = loader().getResourceAsStream("application.yaml")) {
      if (in == null) {
        return; // nothing to compare with
      }
      Matcher configured = Pattern.compile("(?m)^\\s*application-path:\\s*['\"]?([^'\"\\s#]+)")
          .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      String applicationPath = configured.find() ? configured.group(1) : "/camunda";
      assertEquals(applicationPath, constant.group(1),
          "camunda.bpm.webapp.application-path and WEBAPP_PATH in webapp-integration.js differ");
    }
  }

  // ---------------------------------------------------------------- helpers

  private static ClassLoader loader() {
    return WebappLocaleTest.class.getClassLoader();
  }

  private JsonNode readJson(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      return json.readTree(in); // Jackson skips the UTF-8 BOM en.json starts with
    }
  }

  /** Our override: a file outside any jar, and the one the classpath serves first. */
  private static URL ourUrl(String resource) {
    URL first = loader().getResource(resource);
    assertNotNull(first, resource + " is not on the classpath");
    assertTrue(!"jar".equals(first.getProtocol()), resource + " is served from a jar, not from our resources: " + first);
    return first;
  }

  private static String ourResource(String resource) throws IOException {
    return read(ourUrl(resource));
  }

  /**
   * The file Camunda ships in camunda-webapp-webjar, even where our file of the same name comes
   * first on the classpath.
   */
  private static URL shippedUrl(String resource) throws IOException {
    for (URL url : Collections.list(loader().getResources(resource))) {
      if ("jar".equals(url.getProtocol()) && url.getPath().contains("camunda-webapp-webjar")) {
        return url;
      }
    }
    return fail("camunda-webapp-webjar has no " + resource);
  }

  private static String read(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> lines(String text) {
    return List.of(text.replace("\r\n", "\n").split("\n", -1));
  }

  /** Leaf values by dotted path; array elements get their index ("dateLocales.months.0"). */
  private static Map<String, JsonNode> flatten(JsonNode root) {
    Map<String, JsonNode> leaves = new LinkedHashMap<>();
    flatten("", root, leaves);
    return leaves;
  }

  private static void flatten(String path, JsonNode node, Map<String, JsonNode> leaves) {
    String prefix = path.isEmpty() ? "" : path + ".";
    if (node.isObject()) {
      node.properties().forEach(field -> flatten(prefix + field.getKey(), field.getValue(), leaves));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + i, node.get(i), leaves);
      }
    } else {
      leaves.put(path, node);
    }
  }

  private static boolean isMomentFormat(String key) {
    return key.startsWith("dateLocales.longDateFormat.") || key.startsWith("dateLocales.calendar.");
  }

  /** Has Chinese, or nothing in Latin letters but placeholders, tags, entities and UNTRANSLATED_WORDS. */
  static boolean readsAsChinese(String text) {
    if (CHINESE.matcher(text).find()) {
      return true;
    }
    String rest = PLACEHOLDER.matcher(text).replaceAll(" ");
    rest = HTML_TAG.matcher(rest).replaceAll(" ");
    rest = HTML_ENTITY.matcher(rest).replaceAll(" ");
    rest = UNTRANSLATED_WORDS.matcher(rest).replaceAll(" ");
    return !rest.matches("(?s).*[A-Za-z].*");
  }

  private static List<String> tokens(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group());
    }
    Collections.sort(found);
    return found;
  }

  private static void compare(List<String> problems, String key, String what, List<String> en, List<String> zh) {
    if (!en.equals(zh)) {
      problems.add(what + " differ in " + key + ": en " + en + ", zh " + zh);
    }
  }

  /**
   * What a moment.js format has outside [brackets] that is neither a format token nor
   * punctuation/space: "" for a clean format.
   */
  private static String nonMomentLetters(String format) {
    String outside = format.replaceAll("\\[[^\\]]*]", " ");
    StringBuilder stray = new StringBuilder();
    int i = 0;
    while (i < outside.length()) {
      char c = outside.charAt(i);
      if (Character.isLetter(c)) {
        Matcher token = MOMENT_TOKEN.matcher(outside).region(i, outside.length());
        if (c < 128 && token.lookingAt()) {
          i = token.end();
          continue;
        }
        stray.append(c);
      }
      i++;
    }
    return stray.toString();
  }

  /** Single-quoted or double-quoted strings of `name: [ ... ]` in (comment-free) JavaScript. */
  private static List<String> stringArray(String script, String name) {
    Matcher array = Pattern.compile("['\"]?" + name + "['\"]?\\s*:\\s*\\[([^\\]]*)]").matcher(script);
    if (!array.find()) {
      return fail("config.js has no active " + name + ": [...]");
    }
    List<String> values = new ArrayList<>();
    Matcher value = Pattern.compile("['\"]([^'\"]*)['\"]").matcher(array.group(1));
    while (value.find()) {
      values.add(value.group(1));
    }
    return values;
  }

  /** Removes // and /* *&#47; comments, leaving string literals alone. */
  static String stripComments(String script) {
    StringBuilder out = new StringBuilder(script.length());
    char quote = 0;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      char n = i + 1 < script.length() ? script.charAt(i + 1) : 0;
      if (quote != 0) {
        out.append(c);
        if (c == '\\' && n != 0) {
          out.append(n);
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '/' && n == '/') {
        while (i < script.length() && script.charAt(i) != '\n') {
          i++;
        }
        out.append('\n');
      } else if (c == '/' && n == '*') {
        int end = script.indexOf("*/", i + 2);
        i = end < 0 ? script.length() : end + 1;
        out.append(' ');
      } else {
        if (c == '\'' || c == '"' || c == '`') {
          quote = c;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  @Test
  void commentStripperKeepsStringsAndDropsComments() {
    String stripped = stripComments("a: ['x//y'], // locales: ['de']\n/* fallbackLocale: 'de' */ b: \"/*\"");
    assertEquals("a: ['x//y'], \n  b: \"/*\"", stripped);
    assertTrue(stringArray("customScripts: []", "customScripts").isEmpty());
    assertEquals(List.of("zh", "en"), stringArray("'availableLocales': ['zh', \"en\"]", "availableLocales"));
  }
}
