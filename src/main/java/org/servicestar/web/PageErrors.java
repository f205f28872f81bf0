package org.servicestar.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An upload over the limit (spring.servlet.multipart, 10 MB) fails before any controller runs: the
 * API answers 413 naming the limit, a page goes back to its form with the message.
 */
@ControllerAdvice
class PageErrors {

  /** The page the upload came from: the form's own URL without its last segment (…/evidence → …). */
  private static String backTo(HttpServletRequest request, String path) {
    if (path.startsWith("/import")) {
      return "/import";
    }
    int slash = path.lastIndexOf('/');
    return slash > 0 ? path.substring(0, slash) : "/";
  }

  static final String TOO_LARGE = "上传的文件超过了 10 MB 的上限，未保存。请压缩或拆分后再上传。";

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  Object tooLarge(HttpServletRequest request, RedirectAttributes redirect) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith("/api/")) {
      return ApiErrors.body(HttpStatus.PAYLOAD_TOO_LARGE, TOO_LARGE, Map.of());
    }
    redirect.addFlashAttribute("error", TOO_LARGE);
    return "redirect:" + backTo(request, path);
  }
}
