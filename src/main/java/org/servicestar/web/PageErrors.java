package org.servicestar.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
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

  static final String NOT_JSON = "请求内容须为 JSON（Content-Type: application/json）";

  /** The parameter a request lacks or got in the wrong form, named for the person who sent it. */
  static Map<String, String> parameterProblem(Exception e) {
    if (e instanceof MissingServletRequestParameterException missing) {
      return Map.of(missing.getParameterName(), "缺少此项");
    }
    if (e instanceof MethodArgumentTypeMismatchException mismatch) {
      return Map.of(mismatch.getName(), "格式不对：" + abbreviate(String.valueOf(mismatch.getValue())));
    }
    return Map.of();
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }

  /**
   * Bad input that reached a page's controller without the page catching it (a record that does
   * not exist, a missing or garbled parameter): 400 with the problems named, not a 500. The API
   * gets the same as JSON from ApiErrors.
   */
  @ExceptionHandler({InvalidInputException.class, MissingServletRequestParameterException.class,
      MethodArgumentTypeMismatchException.class})
  ModelAndView badInput(Exception e, HttpServletRequest request) {
    Map<String, String> problems = e instanceof InvalidInputException invalid ? invalid.fieldErrors() : parameterProblem(e);
    ModelAndView page = new ModelAndView("error", HttpStatus.BAD_REQUEST);
    page.addObject("status", HttpStatus.BAD_REQUEST.value());
    page.addObject("requestId", RequestIds.of(request));
    page.addObject("problems", problems.values().stream().map(PageErrors::abbreviate).toList());
    return page;
  }

  /** A JSON endpoint sent something else: the mapping refuses it before any controller, so this advice answers. */
  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Map<String, Object>> notJson(HttpMediaTypeNotSupportedException e) {
    return ApiErrors.body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, NOT_JSON, Map.of());
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
