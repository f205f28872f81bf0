package org.servicestar.web;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The address people reach the app at ({@code servicestar.public-url}, environment
 * {@code SERVICESTAR_PUBLIC_URL}): what a printed QR card, a mail's or a robot message's link and a
 * case's detail link point to. In production the app does not start without it
 * ({@link PublicAddressRequired}); elsewhere it falls back to this machine's port (8080 when the port
 * is chosen at random), and the pages
 * that print it (the QR card, the ratings page) say so before anyone prints thousands of cards.
 */
@Component
public class PublicAddress {

  private final boolean configured;
  private final String base;

  public PublicAddress(@Value("${servicestar.public-url:}") String configured, @Value("${server.port:8080}") int port) {
    this.configured = configured != null && !configured.isBlank();
    this.base = (this.configured ? configured.trim() : "http://localhost:" + (port > 0 ? port : 8080)).replaceAll("/+$", "");
  }

  /** Whether an administrator gave the address; if not, links point to localhost. */
  public boolean configured() {
    return configured;
  }

  /** {@code https://fw.example.gov.cn} (no slash at the end). */
  public String base() {
    return base;
  }

  /** The absolute address of an app path such as {@code /complaints/TS-2026-000001}. */
  public String link(String path) {
    return base + (path.startsWith("/") ? path : "/" + path);
  }

  /**
   * Why a given address can't be one (null when it can): an absolute http(s) address with a host and
   * nothing after the path — a query or fragment would break every link made by appending a path.
   */
  static String problem(String address) {
    URI uri;
    try {
      uri = new URI(address.trim());
    } catch (Exception e) {
      return "不是有效的网址";
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      return "应以 https:// 或 http:// 开头";
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      return "缺少主机名";
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return "不能带 ? 或 # 之后的部分";
    }
    return null;
  }
}
