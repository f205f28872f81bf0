package org.servicestar.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP client for tests against the running app: keeps cookies, logs in through the
 * login form with its CSRF token, and sends Camunda's XSRF header the way Tasklist does.
 */
public final class WebClient {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final String base;
  private final CookieManager cookies;
  private final HttpClient http;
  private String basicAuth;
  private final Map<String, String> headers = new java.util.LinkedHashMap<>();

  public WebClient(int port) {
    this(port, new CookieManager());
  }

  private WebClient(int port, CookieManager cookies) {
    this.base = "http://localhost:" + port;
    this.cookies = cookies;
    this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * The same browser, its cookies (session, XSRF token) and headers, sent to another node on this host, as a
   * load balancer without sticky sessions does.
   */
  public WebClient on(int port) {
    WebClient other = new WebClient(port, cookies);
    other.basicAuth = basicAuth;
    other.headers.putAll(headers);
    return other;
  }

  /** Logs in through the form; returns the response of the POST (302 to / on success). */
  public HttpResponse<String> login(String user, String password) {
    String token = csrfOf("/login");
    return postForm("/login", Map.of("username", user, "password", password, "_csrf", token));
  }

  /**
   * Logs in and opens Tasklist, as a person does: Camunda's container-based filter takes the
   * user into the webapps' session when an app page is loaded.
   */
  public WebClient loginToTasklist(String user, String password) {
    String location = login(user, password).headers().firstValue("Location").orElse("");
    if (location.contains("error")) {
      throw new AssertionError("login of " + user + " failed");
    }
    get("/camunda/app/tasklist/default/");
    return this;
  }

  /** Sends HTTP basic credentials with every request, as Camunda Modeler does. */
  public WebClient basic(String user, String password) {
    this.basicAuth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Sends this header with every request (e.g. X-Forwarded-For, as a proxy in front of the app would). */
  public WebClient header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** The value of a cookie the app has set, or null. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
  }

  public String csrfOf(String page) {
    Matcher m = CSRF.matcher(get(page).body());
    if (!m.find()) {
      throw new AssertionError("no CSRF token on " + page);
    }
    return m.group(1);
  }

  public HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  public HttpResponse<String> getJson(String path) {
    return send(request(path).header("Accept", "application/json").GET());
  }

  public HttpResponse<String> postForm(String path, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A JSON POST as Camunda's webapps send it: with the XSRF token from their cookie in a header. */
  public HttpResponse<String> postJson(String path, String json) {
    return sendJson("POST", path, json);
  }

  /** A JSON request of any method (PUT, DELETE…), with the XSRF header as {@link #postJson}. */
  public HttpResponse<String> sendJson(String method, String path, String json) {
    HttpRequest.Builder builder = request(path).header("Content-Type", "application/json").header("Accept", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json));
    cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst()
        .ifPresent(c -> builder.header("X-XSRF-TOKEN", c.getValue()));
    return send(builder);
  }

  /** A GET whose answer is a file (an .xlsx export), read as bytes. */
  public HttpResponse<byte[]> getBytes(String path) {
    HttpRequest.Builder builder = request(path).GET();
    if (basicAuth != null) {
      builder.header("Authorization", basicAuth);
    }
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> send(HttpRequest.Builder builder) {
    if (basicAuth != null) {
      builder.header("Authorization", basicAuth);
    }
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
    headers.forEach(builder::header);
    return builder;
  }
}
