package org.servicestar.notification;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Posts one markdown message to a group robot's webhook, as 企业微信 and 钉钉 document them:
 * <ul>
 *   <li>企业微信: {@code {"msgtype":"markdown","markdown":{"content":…}}} to {@code …/cgi-bin/webhook/send?key=…};</li>
 *   <li>钉钉: {@code {"msgtype":"markdown","markdown":{"title":…,"text":…}}} to {@code …/robot/send?access_token=…},
 *       for a robot with 加签 followed by {@code &timestamp={ms}&sign={urlencode(base64(HmacSHA256(secret, ms + "\n" + secret)))}}
 *       (the timestamp from the app's clock; 钉钉 refuses one more than an hour off).</li>
 * </ul>
 * Both answer HTTP 200 with {@code {"errcode":0,…}} when the message was posted. Any other answer is a
 * failure for the outbox to retry, except the errcodes in {@link #PERMANENT}, which waiting does not cure
 * (the key or token is wrong, the robot was removed, the signature does not match): those fail at once.
 * Every error text is masked ({@link RobotTarget#mask}): it may quote the URL.
 */
class RobotSender {

  /** errcodes that no retry cures; the others (e.g. 企业微信 45009, 钉钉 130101: too many messages a minute) are retried. */
  static final Map<Channel, Set<Integer>> PERMANENT = Map.of(
      // 93000 invalid webhook url (wrong key, robot removed), 40008 invalid message type, 44004 empty content
      Channel.WECOM, Set.of(93000, 40008, 44004),
      // 300001 / 300005 the access token does not exist, 310000 signature, keyword or IP whitelist mismatch
      Channel.DINGTALK, Set.of(300001, 300005, 310000));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ANSWER = 300;

  /** What one post came to. */
  record Result(boolean sent, boolean permanent, String error) {
    static final Result SENT = new Result(true, false, null);

    static Result retry(String error) {
      return new Result(false, false, error);
    }

    static Result failed(String error) {
      return new Result(false, true, error);
    }
  }

  private final HttpClient http;
  private final Duration readTimeout;
  private final Clock clock;

  RobotSender(Duration connectTimeout, Duration readTimeout, Clock clock) {
    // no redirects: a webhook that redirects is misconfigured, and the key must not travel on
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.readTimeout = readTimeout;
    this.clock = clock;
  }

  Result send(RobotTarget robot, String title, String markdown) {
    try {
      HttpRequest request = HttpRequest.newBuilder(url(robot)).timeout(readTimeout)
          .header("Content-Type", "application/json; charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(body(robot.channel(), title, markdown), StandardCharsets.UTF_8)).build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return answer(robot, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.retry("interrupted");
    } catch (IOException | RuntimeException | GeneralSecurityException e) {
      return Result.retry(robot.mask(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  /** The request's JSON body. */
  static String body(Channel channel, String title, String markdown) {
    var message = JSON.createObjectNode().put("msgtype", "markdown");
    var content = message.putObject("markdown");
    if (channel == Channel.DINGTALK) {
      content.put("title", title).put("text", markdown);
    } else {
      content.put("content", markdown);
    }
    return message.toString();
  }

  /** The webhook, signed when the robot has a secret (钉钉 加签). */
  URI url(RobotTarget robot) throws GeneralSecurityException {
    if (robot.secret() == null) {
      return robot.url();
    }
    long timestamp = clock.millis();
    String base = robot.url().toString();
    return URI.create(base + (robot.url().getRawQuery() == null ? "?" : "&") + "timestamp=" + timestamp + "&sign="
        + URLEncoder.encode(sign(timestamp, robot.secret()), StandardCharsets.UTF_8));
  }

  /** base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)), before URL encoding. */
  static String sign(long timestamp, String secret) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
  }

  private static Result answer(RobotTarget robot, int status, String body) {
    String shown = robot.mask(body == null ? "" : MailOutbox.cut(body.strip(), MAX_ANSWER));
    if (status < 200 || status > 299) {
      return Result.retry("HTTP " + status + (shown.isEmpty() ? "" : ": " + shown));
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(body == null ? "" : body);
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || !answer.path("errcode").canConvertToInt()) {
      return Result.retry("HTTP " + status + ", no errcode in the answer: " + shown);
    }
    int errcode = answer.path("errcode").asInt();
    if (errcode == 0) {
      return Result.SENT;
    }
    String error = robot.channel().label() + " errcode " + errcode + ": " + robot.mask(answer.path("errmsg").asText(""));
    return PERMANENT.getOrDefault(robot.channel(), Set.of()).contains(errcode) ? Result.failed(error) : Result.retry(error);
  }
}
