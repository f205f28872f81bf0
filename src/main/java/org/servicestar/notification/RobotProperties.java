package org.servicestar.notification;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.servicestar.security.Groups;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The 企业微信 and 钉钉 group robots ({@code servicestar.robots.*}, docs/operations.md "Group robots"):
 * <pre>
 * servicestar.robots.groups.competition-office[0].type=WECOM
 * servicestar.robots.groups.competition-office[0].url=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
 * servicestar.robots.departments.tax[0].type=DINGTALK
 * servicestar.robots.departments.tax[0].url=https://oapi.dingtalk.com/robot/send?access_token=…
 * servicestar.robots.departments.tax[0].secret=SEC…
 * servicestar.robots.departments.tax[0].name=税务局窗口负责人群
 * </pre>
 * Nothing is configured by default: then only e-mails are written. Checked when the app starts; a
 * mistake stops it with a message naming the property (and never its value, which may be a key).
 *
 * @param groups          robots of the fixed groups, by group id
 * @param departments     robots for the leads of the units in a unit's subtree, by that unit's code
 * @param connectTimeout  how long a connection to a webhook may take
 * @param readTimeout     how long a webhook may take to answer
 */
@ConfigurationProperties("servicestar.robots")
record RobotProperties(
    Map<String, List<Robot>> groups,
    Map<String, List<Robot>> departments,
    @DefaultValue("PT5S") Duration connectTimeout,
    @DefaultValue("PT10S") Duration readTimeout) {

  static final String PREFIX = "servicestar.robots";
  /** The groups a robot may be configured for; a unit's leads go by {@code departments}. */
  static final Set<String> GROUPS = Set.of(Groups.OFFICE, Groups.INSPECTORS, Groups.LEADING_GROUP);
  /** DingTalk shows the secret as "SEC" followed by 64 hexadecimal digits; fewer than 32 is a truncated paste. */
  private static final Pattern DINGTALK_SECRET = Pattern.compile("SEC[0-9a-fA-F]{32,128}");
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");
  private static final int MAX_NAME = 60;

  /**
   * One robot as configured.
   *
   * @param type    WECOM or DINGTALK
   * @param url     the webhook as the chat app shows it, key ({@code key=}) or token ({@code access_token=}) included
   * @param secret  DingTalk's signing secret, for a robot with 加签 on; none for WeCom
   * @param name    optional; what the administrators' page and the log call the robot
   */
  record Robot(String type, String url, String secret, String name) {
    @Override
    public String toString() {
      return "Robot[type=" + type + ", name=" + name + "]"; // never the URL or the secret
    }
  }

  RobotProperties {
    groups = groups == null ? Map.of() : groups;
    departments = departments == null ? Map.of() : departments;
    connectTimeout = positive(connectTimeout, Duration.ofSeconds(5));
    readTimeout = positive(readTimeout, Duration.ofSeconds(10));
    List<String> errors = new ArrayList<>();
    groups.keySet().stream().filter(g -> !GROUPS.contains(g)).sorted().forEach(g -> errors.add(PREFIX + ".groups." + g
        + ": no such group; robots are configured for " + String.join(", ", new TreeSet<>(GROUPS))
        + ", and for a unit's leads under " + PREFIX + ".departments.{unitCode}"));
    targets(groups, departments, errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("Invalid group robot configuration: " + String.join("; ", errors));
    }
  }

  /** None: e-mail only. */
  static RobotProperties none() {
    return new RobotProperties(Map.of(), Map.of(), null, null);
  }

  private static Duration positive(Duration value, Duration fallback) {
    return value == null || value.isZero() || value.isNegative() ? fallback : value;
  }

  /** Reference of the {@code index}th robot of a group ({@code group:…/0}) or of a unit's leads ({@code department:…/0}). */
  static String ref(String kind, String key, int index) {
    return kind + ":" + key + "/" + index;
  }

  /** Every robot, valid ones only, keyed by reference, groups first. */
  Map<String, RobotTarget> targets() {
    return targets(groups, departments, new ArrayList<>());
  }

  private static Map<String, RobotTarget> targets(Map<String, List<Robot>> groups, Map<String, List<Robot>> departments,
                                                  List<String> errors) {
    Map<String, RobotTarget> targets = new LinkedHashMap<>();
    add("group", "groups", groups, targets, errors);
    add("department", "departments", departments, targets, errors);
    return targets;
  }

  private static void add(String kind, String property, Map<String, List<Robot>> robots, Map<String, RobotTarget> targets,
                          List<String> errors) {
    new TreeMap<>(robots).forEach((key, list) -> {
      for (int i = 0; list != null && i < list.size(); i++) {
        String path = PREFIX + "." + property + "." + key + "[" + i + "]";
        RobotTarget target = target(ref(kind, key, i), path, list.get(i), errors);
        if (target != null) {
          targets.put(target.ref(), target);
        }
      }
    });
  }

  /** The robot checked, or null with its mistakes added to {@code errors}. Values are never quoted: they may be secrets. */
  private static RobotTarget target(String ref, String path, Robot robot, List<String> errors) {
    int before = errors.size();
    if (robot == null) {
      errors.add(path + ": empty");
      return null;
    }
    Channel channel = null;
    String type = robot.type() == null ? "" : robot.type().strip().toUpperCase(Locale.ROOT);
    if (type.equals(Channel.WECOM.name()) || type.equals(Channel.DINGTALK.name())) {
      channel = Channel.valueOf(type);
    } else {
      errors.add(path + ".type: " + (type.isEmpty() ? "missing" : "unknown robot type '" + robot.type().strip() + "'")
          + "; use WECOM (企业微信) or DINGTALK (钉钉)");
    }
    URI url = url(path + ".url", robot.url(), channel, errors);
    String secret = robot.secret() == null || robot.secret().isBlank() ? null : robot.secret().strip();
    if (secret != null && channel == Channel.WECOM) {
      errors.add(path + ".secret: 企业微信 robots are not signed; remove the secret (or set type DINGTALK)");
    } else if (secret != null && !DINGTALK_SECRET.matcher(secret).matches()) {
      errors.add(path + ".secret: not a 钉钉 signing secret (\"SEC\" followed by the hexadecimal digits the robot's 加签 setting shows)");
    }
    String name = robot.name() == null || robot.name().isBlank() ? ref : robot.name().strip();
    if (name.length() > MAX_NAME) {
      errors.add(path + ".name: longer than " + MAX_NAME + " characters");
    }
    return errors.size() > before ? null : new RobotTarget(ref, channel, name, url, secret);
  }

  private static URI url(String path, String value, Channel channel, List<String> errors) {
    if (value == null || value.isBlank()) {
      errors.add(path + ": missing");
      return null;
    }
    URI url;
    try {
      url = new URI(value.strip());
    } catch (URISyntaxException e) {
      errors.add(path + ": not a URL");
      return null;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    boolean local = url.getHost() != null && LOCAL_HOSTS.contains(url.getHost().toLowerCase(Locale.ROOT));
    if (url.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && local))) {
      errors.add(path + ": must be an https:// URL (plain http only to localhost, for tests)");
      return null;
    }
    String credential = channel == Channel.WECOM ? "key" : channel == Channel.DINGTALK ? "access_token" : null;
    if (credential != null && !hasParameter(url, credential)) {
      errors.add(path + ": has no " + credential + "= parameter; copy the whole webhook address the robot's settings show");
      return null;
    }
    return url;
  }

  private static boolean hasParameter(URI url, String name) {
    String query = url.getRawQuery();
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=") && pair.length() > name.length() + 1) {
        return true;
      }
    }
    return false;
  }
}
