package org.servicestar.rating;

import java.time.Duration;
import java.util.Arrays;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The anonymous rater's token: a random value the rating page keeps in a cookie, so one phone or
 * browser rates a window once a day. Only its HMAC is stored with a rating. A rater who refuses
 * cookies gets a new token each time and is held back by the per-address limit alone.
 */
final class RaterCookie {

  static final String NAME = "ss_rater";
  private static final Duration MAX_AGE = Duration.ofDays(400);

  private RaterCookie() {
  }

  /** The request's token, or null when it has none (or one we did not make). */
  static String of(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    return Arrays.stream(cookies).filter(c -> NAME.equals(c.getName())).map(Cookie::getValue)
        .filter(v -> v != null && RatingRules.DEVICE_TOKEN.matcher(v).matches()).findFirst().orElse(null);
  }

  /** The request's token, or a new one set on the response. */
  static String ensure(HttpServletRequest request, HttpServletResponse response) {
    String token = of(request);
    if (token == null) {
      token = RatingHashes.randomToken(18);
      ResponseCookie cookie = ResponseCookie.from(NAME, token).path("/").maxAge(MAX_AGE).httpOnly(true).sameSite("Lax")
          .secure(request.isSecure()).build();
      response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
    }
    return token;
  }
}
