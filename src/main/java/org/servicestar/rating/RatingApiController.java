package org.servicestar.rating;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.servicestar.security.Access;
import org.servicestar.web.DuplicateKeys;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/ratings} and {@code POST /api/ratings/batch} (DESIGN.md "Ratings and public pages").
 * Public and CSRF-exempt: pads authenticate with {@code X-Device-Key}; the office's channels need its
 * login; the public is limited. Only JSON is accepted, so no cross-site form can post here.
 */
@RestController
class RatingApiController {

  /** Most bytes of a single rating's JSON. */
  static final int MAX_SINGLE_BODY = 64 * 1024;

  /** The request is refused as a whole: too large, unreadable, or a pad's key that is not valid. */
  static final class RequestRefused extends RuntimeException {
    private final HttpStatus status;
    private final Map<String, String> fields;

    RequestRefused(HttpStatus status, String message, Map<String, String> fields) {
      super(message);
      this.status = status;
      this.fields = fields;
    }
  }

  private final RatingIntake intake;
  private final RatingDevices devices;
  private final RatingProperties properties;
  private final ObjectMapper json;

  RatingApiController(RatingIntake intake, RatingDevices devices, RatingProperties properties, ObjectMapper json) {
    this.intake = intake;
    this.devices = devices;
    this.properties = properties;
    this.json = json;
  }

  @PostMapping(path = "/api/ratings", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> one(HttpServletRequest request, Authentication auth) throws IOException {
    JsonNode body = read(request, MAX_SINGLE_BODY);
    Sender sender = sender(request, auth);
    RatingIntake.Outcome outcome = intake.submit(sender, RatingJson.read(body));
    touch(sender);
    if (outcome.status() == RatingIntake.Status.REFUSED) {
      return refused(outcome.refusal());
    }
    boolean duplicate = outcome.status() == RatingIntake.Status.DUPLICATE;
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", outcome.id());
    answer.put("status", outcome.status().name());
    answer.put("duplicate", duplicate);
    answer.put("complaintNumber", outcome.complaintNumber());
    answer.put("message", duplicate ? "这条评价此前已经收到（clientRef 相同），未重复记录"
        : outcome.complaintNumber() != null ? "评价已收到。您的差评已转为投诉 " + outcome.complaintNumber() + "，将有专人核实处理"
        : "评价已收到，感谢您的参与");
    return ResponseEntity.status(duplicate ? HttpStatus.OK : HttpStatus.CREATED).body(answer);
  }

  @PostMapping(path = "/api/ratings/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> batch(HttpServletRequest request, Authentication auth) throws IOException {
    JsonNode body = read(request, (int) Math.min(Integer.MAX_VALUE - 1, properties.maxBody().toBytes()));
    JsonNode items = body.get("items");
    if (items == null || !items.isArray()) {
      throw new RequestRefused(HttpStatus.BAD_REQUEST, "输入有误",
          Map.of("items", "请求须为 {\"items\": [ … ]}，items 是评价的数组"));
    }
    if (items.isEmpty()) {
      throw new RequestRefused(HttpStatus.BAD_REQUEST, "输入有误", Map.of("items", "items 中没有评价"));
    }
    if (items.size() > properties.batchMaxItems()) {
      String message = "一次最多提交 " + properties.batchMaxItems() + " 条评价，本次 " + items.size() + " 条，请分批提交；本批未记录任何评价";
      throw new RequestRefused(HttpStatus.PAYLOAD_TOO_LARGE, message, Map.of("items", message));
    }
    Sender sender = sender(request, auth);
    List<RatingIntake.Incoming> incoming = new ArrayList<>(items.size());
    items.forEach(item -> incoming.add(RatingJson.read(item)));
    List<RatingIntake.Outcome> outcomes = intake.submitAll(sender, incoming);
    touch(sender);

    List<Map<String, Object>> answers = new ArrayList<>(outcomes.size());
    int accepted = 0;
    int duplicates = 0;
    for (RatingIntake.Outcome o : outcomes) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("index", o.index());
      a.put("status", o.status().name());
      a.put("id", o.id());
      a.put("complaintNumber", o.complaintNumber());
      a.put("code", o.refusal() == null ? null : o.refusal().kind().name());
      a.put("field", o.refusal() == null ? null : o.refusal().field());
      a.put("reason", o.refusal() == null ? null : o.refusal().message());
      answers.add(a);
      accepted += o.status() == RatingIntake.Status.ACCEPTED ? 1 : 0;
      duplicates += o.status() == RatingIntake.Status.DUPLICATE ? 1 : 0;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("received", outcomes.size());
    answer.put("accepted", accepted);
    answer.put("duplicates", duplicates);
    answer.put("refused", outcomes.size() - accepted - duplicates);
    answer.put("items", answers);
    return ResponseEntity.ok(answer);
  }

  @ExceptionHandler(RequestRefused.class)
  ResponseEntity<Map<String, Object>> requestRefused(RequestRefused e) {
    return body(e.status, e.getMessage(), e.fields, 0);
  }

  /** Who is sending: a pad (its key checked, refused at once when not valid), the office, or the public. */
  private Sender sender(HttpServletRequest request, Authentication auth) {
    RatingDevice device = null;
    String key = request.getHeader(RatingRules.DEVICE_KEY_HEADER);
    if (key != null) {
      RatingDevices.Check check = devices.check(key);
      if (check.device() == null) {
        throw new RequestRefused(HttpStatus.UNAUTHORIZED, check.problem(), Map.of(RatingRules.DEVICE_KEY_HEADER, check.problem()));
      }
      device = check.device();
    }
    String actor = auth == null ? null : auth.getName();
    return new Sender(device, Access.runsCompetition(auth), actor, request.getRemoteAddr(),
        RaterCookie.of(request));
  }

  private void touch(Sender sender) {
    if (sender.device() != null) {
      devices.touch(sender.device());
    }
  }

  /** Reads at most {@code limit} bytes of JSON; a larger body is refused before it is parsed. */
  private JsonNode read(HttpServletRequest request, int limit) throws IOException {
    if (request.getContentLengthLong() > limit) {
      throw tooLarge(limit);
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(limit + 1);
    }
    if (bytes.length > limit) {
      throw tooLarge(limit);
    }
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new RequestRefused(HttpStatus.BAD_REQUEST, "请求内容须是一个 JSON 对象", Map.of());
      }
      return node;
    } catch (JsonProcessingException e) {
      Map<String, String> duplicate = DuplicateKeys.of(e);
      if (!duplicate.isEmpty()) {
        throw new RequestRefused(HttpStatus.BAD_REQUEST, DuplicateKeys.ERROR, duplicate);
      }
      throw new RequestRefused(HttpStatus.BAD_REQUEST, "请求内容不是有效的 JSON", Map.of());
    }
  }

  private static RequestRefused tooLarge(int limit) {
    return new RequestRefused(HttpStatus.PAYLOAD_TOO_LARGE, "请求内容超过 " + (limit >= 1024 * 1024 ? limit / (1024 * 1024) + " MB"
        : limit / 1024 + " KB") + " 的上限，请分批提交；未记录任何评价", Map.of());
  }

  private static ResponseEntity<Map<String, Object>> refused(Refusal refusal) {
    return body(HttpStatus.valueOf(refusal.kind().httpStatus()),
        refusal.kind() == Refusal.Kind.INVALID ? "输入有误" : refusal.message(), refusal.fields(), refusal.retryAfterSeconds());
  }

  /** The shape of every error of the JSON API (as web.ApiErrors): status, error, fields. */
  private static ResponseEntity<Map<String, Object>> body(HttpStatus status, String message, Map<String, String> fields,
                                                          long retryAfterSeconds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.value());
    body.put("error", message);
    body.put("fields", fields);
    ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
    if (retryAfterSeconds > 0) {
      builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    return builder.body(body);
  }
}
