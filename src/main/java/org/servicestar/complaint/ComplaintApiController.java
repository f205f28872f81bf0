package org.servicestar.complaint;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/complaints}: the public intake (DESIGN.md "Ratings and public pages"), limited per client
 * address and per phone (throttle.PublicFormLimits: 429 with Retry-After, answered by web.ApiErrors).
 */
@RestController
class ComplaintApiController {

  /** The request body; unknown fields are ignored, wrong types answer 400. */
  record ComplaintRequest(String unitCode, String channel, String content, String contactName, String contactPhone,
                          String clientRef) {
  }

  private final ComplaintService complaints;

  ComplaintApiController(ComplaintService complaints) {
    this.complaints = complaints;
  }

  @PostMapping("/api/complaints")
  ResponseEntity<Map<String, Object>> submit(@RequestBody ComplaintRequest request, HttpServletRequest http) {
    ComplaintService.Submission submission = new ComplaintService.Submission(request.unitCode(), request.channel(),
        request.content(), request.contactName(), request.contactPhone(), request.clientRef());
    ComplaintService.Receipt receipt;
    try {
      receipt = complaints.submitFromPublic(submission, http.getRemoteAddr());
    } catch (DuplicateKeyException e) {
      // The same clientRef sent twice at the same moment: the other request stored it.
      receipt = complaints.submitFromPublic(submission, http.getRemoteAddr());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("number", receipt.number());
    body.put("duplicate", receipt.duplicate());
    body.put("message", receipt.duplicate() ? "该投诉此前已经收到，编号不变" : "投诉已受理登记，请记下编号以便查询");
    return ResponseEntity.status(receipt.duplicate() ? HttpStatus.OK : HttpStatus.CREATED)
        .location(URI.create("/complaints/" + receipt.number())).body(body);
  }
}
