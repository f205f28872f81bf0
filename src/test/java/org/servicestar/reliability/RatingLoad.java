package org.servicestar.reliability;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.servicestar.support.AppNode;
import org.servicestar.support.WebClient;

/**
 * Rating pads' traffic as the office's paper-form entry: a few threads posting single ratings and
 * batches to the nodes in turn, each with a unique clientRef. Every 2xx is remembered with its
 * clientRef (and the complaint a bad review became): those must all be stored, exactly once.
 * Anything else is counted by kind; a 503 must carry Retry-After and the Chinese JSON error.
 */
final class RatingLoad implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration HANG = Duration.ofSeconds(30);

  private final String prefix;
  private final String user;
  private final String password;
  private final String unitCode;
  private volatile List<AppNode> nodes;
  private volatile boolean running = true;
  private final List<Thread> threads = new ArrayList<>();

  final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  final Set<String> complaints = ConcurrentHashMap.newKeySet();
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger ok = new AtomicInteger();
  final AtomicInteger unavailable = new AtomicInteger();
  final AtomicInteger badUnavailable = new AtomicInteger();
  /** Requests that got no HTTP answer at all (refused, reset): each must fall while its node was down. */
  final List<Unreachable> unreachable = new java.util.concurrent.CopyOnWriteArrayList<>();
  final AtomicInteger hangs = new AtomicInteger();
  final java.util.concurrent.atomic.AtomicReference<String> firstUnavailable = new java.util.concurrent.atomic.AtomicReference<>();
  final AtomicLong lastOkAt = new AtomicLong();
  private final java.util.Queue<Long> okTimes = new java.util.concurrent.ConcurrentLinkedQueue<>();
  final Map<Integer, AtomicInteger> otherStatuses = new ConcurrentHashMap<>();
  final Map<Integer, String> otherExamples = new ConcurrentHashMap<>();

  record Unreachable(AppNode node, long at, String why) {
    @Override
    public String toString() {
      return "node " + node.name() + ": " + why;
    }
  }

  /** The unreachable requests that cannot be explained by their node being down at the time. */
  List<Unreachable> unreachableWhileUp() {
    return unreachable.stream().filter(u -> !u.node().downAt(u.at())).toList();
  }

  RatingLoad(String prefix, List<AppNode> nodes, String unitCode, String user, String password, int threadCount) {
    this.prefix = prefix;
    this.nodes = nodes;
    this.unitCode = unitCode;
    this.user = user;
    this.password = password;
    for (int t = 0; t < threadCount; t++) {
      int thread = t;
      threads.add(new Thread(() -> run(thread), prefix + "-load-" + t));
    }
    threads.forEach(Thread::start);
  }

  /** From now on, send only to these nodes (e.g. after one was killed). */
  void sendTo(List<AppNode> targets) {
    this.nodes = targets;
  }

  private void run(int thread) {
    Map<AppNode, WebClient> sessions = new ConcurrentHashMap<>();
    int n = 0;
    while (running) {
      List<AppNode> targets = nodes;
      AppNode node = targets.get(n % targets.size());
      n++;
      WebClient client = sessions.computeIfAbsent(node, AppNode::client);
      List<String> refs = new ArrayList<>();
      int size = n % 8 == 0 ? 10 : 1;
      StringBuilder items = new StringBuilder();
      for (int i = 0; i < size; i++) {
        String ref = prefix + "-" + thread + "-" + n + "-" + i;
        refs.add(ref);
        // About one in twenty is a bad review, which becomes a complaint with its own process.
        int level = (n * 7 + i * 3 + thread) % 20 == 0 ? 2 : 3 + (n + i) % 3;
        items.append(i == 0 ? "" : ",").append("{\"unitCode\":\"").append(unitCode).append("\",\"level\":").append(level)
            .append(",\"channel\":\"FORM\",\"comment\":\"可靠性测试\",\"clientRef\":\"").append(ref).append("\"}");
      }
      String path = size == 1 ? "/api/ratings" : "/api/ratings/batch";
      String body = size == 1 ? items.toString() : "{\"items\":[" + items + "]}";
      send(node, sessions, client, path, body, refs);
    }
  }

  private void send(AppNode node, Map<AppNode, WebClient> sessions, WebClient client, String path, String body, List<String> refs) {
    requests.incrementAndGet();
    HttpResponse<String> answer;
    try {
      answer = client.send(client.request(path).timeout(HANG).header("Content-Type", "application/json")
          .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
        hangs.incrementAndGet();
      } else {
        unreachable.add(new Unreachable(node, System.nanoTime(), String.valueOf(e.getCause())));
        pauseBriefly();
      }
      return;
    }
    int status = answer.statusCode();
    if (status == 401) {
      // A restarted node has forgotten the session: log in again, as a person would.
      sessions.remove(node);
      try {
        WebClient fresh = sessions.computeIfAbsent(node, AppNode::client);
        fresh.login(user, password);
      } catch (IllegalStateException | AssertionError e) {
        unreachable.add(new Unreachable(node, System.nanoTime(), "login again after 401 failed: " + e));
      }
      return;
    }
    if (status / 100 == 2) {
      ok.incrementAndGet();
      lastOkAt.set(System.nanoTime());
      okTimes.add(System.nanoTime());
      record(answer.body(), refs);
    } else if (status == 503) {
      unavailable.incrementAndGet();
      firstUnavailable.compareAndSet(null, answer.body());
      boolean clear = answer.headers().firstValue("Retry-After").isPresent() && answer.body().contains("数据库暂时不可用")
          && answer.body().startsWith("{");
      if (!clear) {
        badUnavailable.incrementAndGet();
        otherExamples.putIfAbsent(503, answer.body());
      }
      pauseBriefly();
    } else {
      otherStatuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
      otherExamples.putIfAbsent(status, answer.body().length() > 500 ? answer.body().substring(0, 500) : answer.body());
    }
  }

  private void record(String body, List<String> refs) {
    try {
      JsonNode answer = JSON.readTree(body);
      if (answer.has("items")) {
        for (JsonNode item : answer.get("items")) {
          String status = item.path("status").asText();
          if (status.equals("ACCEPTED") || status.equals("DUPLICATE")) {
            acknowledged.add(refs.get(item.get("index").asInt()));
          }
          if (item.hasNonNull("complaintNumber")) {
            complaints.add(item.get("complaintNumber").asText());
          }
        }
      } else {
        acknowledged.add(refs.get(0));
        if (answer.hasNonNull("complaintNumber")) {
          complaints.add(answer.get("complaintNumber").asText());
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable 2xx answer: " + body, e);
    }
  }

  private static void pauseBriefly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** When the first 2xx after {@code since} (System.nanoTime) came back. */
  long firstOkAfter(long since) {
    return okTimes.stream().filter(t -> t >= since).min(Long::compare).orElse(since);
  }

  String summary() {
    return "requests " + requests + ", 2xx " + ok + ", ratings acknowledged " + acknowledged.size() + ", complaints "
        + complaints.size() + ", 503 " + unavailable + " (unclear " + badUnavailable + "), unreachable " + unreachable.size()
        + " (while its node was up " + unreachableWhileUp().size() + ")"
        + ", hangs " + hangs + ", other " + otherStatuses;
  }

  @Override
  public void close() {
    running = false;
    for (Thread thread : threads) {
      try {
        thread.join(HANG.toMillis() + 5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
