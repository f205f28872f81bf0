package org.servicestar.award;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.servicestar.web.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON twin of the objection form ({@code POST /publicity/{year}/objections} with
 * {@code Content-Type: application/json}), for scripts in the page and the hotline: 201 with the
 * number, 400 naming each bad field, 409 when the year takes no objections. Malformed JSON is
 * answered 400, and the public forms' limits 429 with Retry-After, by web.ApiErrors.
 */
@RestController
class ObjectionApiController {

  /** The request body; numbers are accepted as text, unknown fields ignored. */
  record ObjectionRequest(String nomineeId, String name, String phone, String content, String clientRef) {
  }

  private final ObjectionIntake intake;

  ObjectionApiController(ObjectionIntake intake) {
    this.intake = intake;
  }

  @PostMapping(path = "/publicity/{year:\\d{4}}/objections", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> object(@PathVariable int year, @RequestBody ObjectionRequest request,
                                             HttpServletRequest http) {
    ObjectionIntake.Receipt receipt = PublicityPageController.submitOnce(intake, year, new ObjectionIntake.Submission(
        request.nomineeId(), request.name(), request.phone(), request.content(), request.clientRef()), http.getRemoteAddr());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("number", receipt.number());
    body.put("duplicate", receipt.duplicate());
    body.put("message", receipt.duplicate() ? "该异议此前已经收到，编号不变" : "异议已受理，将由督查考核组核实；请记下编号，凭编号和电话查询结果");
    return ResponseEntity.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.CREATED)
        .location(URI.create("/publicity/" + year + "/objections/" + receipt.number())).body(body);
  }

  @ExceptionHandler(InvalidInputException.class)
  ResponseEntity<Map<String, Object>> invalid(InvalidInputException e) {
    return answer(HttpStatus.BAD_REQUEST, "输入有误", e.fieldErrors());
  }

  @ExceptionHandler(ObjectionIntake.Refused.class)
  ResponseEntity<Map<String, Object>> refused(ObjectionIntake.Refused e) {
    return answer(HttpStatus.CONFLICT, e.getMessage(), Map.of());
  }

  /** The same shape as web.ApiErrors' answers, so clients read one format. */
  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String message, Map<String, String> fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.value());
    body.put("error", message);
    body.put("fields", fields);
    return ResponseEntity.status(status).body(body);
  }
}
