package org.servicestar.notification;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One configured group robot, as the sender needs it. Only {@link #ref} and {@link #name} may leave the
 * app's memory (the outbox row, the log, the administrators' page): the webhook URL holds the robot's key
 * or access token, and {@link #secret} signs DingTalk requests — whoever has either can post into the
 * group chat. So {@link #toString()} leaves them out and {@link #mask} scrubs them from error texts.
 *
 * @param ref     where it is configured, e.g. {@code department:tax/0}, {@code group:competition-office/1}
 * @param name    what the administrators' page and the log call it: the configured name, else {@code ref}
 * @param url     the webhook, key or access token included
 * @param secret  DingTalk's signing secret ("SEC…"), or null for an unsigned robot
 */
record RobotTarget(String ref, Channel channel, String name, URI url, String secret) {

  static final String MASK = "***";

  /** The query values of the URL (the key, the access token) and the secret: whatever must never be shown. */
  List<String> secrets() {
    List<String> values = new ArrayList<>();
    String query = url.getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        if (!value.isEmpty()) {
          values.add(value);
          values.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
      }
    }
    if (secret != null && !secret.isEmpty()) {
      values.add(secret);
    }
    return values;
  }

  /** The text with the URL's query values and the secret replaced by {@value #MASK}. */
  String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = text;
    for (String value : secrets()) {
      masked = masked.replace(value, MASK);
    }
    return masked;
  }

  /** No URL, no secret: safe for a log line. */
  @Override
  public String toString() {
    return ref + " (" + channel + ", " + name + ")";
  }
}
