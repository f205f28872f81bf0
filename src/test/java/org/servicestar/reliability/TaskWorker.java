package org.servicestar.reliability;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.servicestar.support.AppNode;
import org.servicestar.support.WebClient;

/**
 * People working complaints through {@code /engine-rest} while the ratings arrive: the office
 * accepts every new complaint, the inspector (when given) finds the first few not substantiated
 * and leaves the rest waiting, so their deadlines can be tested. The nodes are used in turn.
 */
final class TaskWorker implements AutoCloseable {

  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

  private final List<AppNode> nodes;
  private final String office;
  private final String inspector;
  private final String password;
  private volatile boolean running = true;
  private final Thread thread;
  final AtomicInteger completed = new AtomicInteger();
  /** Each list or completion that did not succeed, with its answer: none is expected, the worker being alone. */
  final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger verified = new AtomicInteger();
  private static final int VERIFY = 3;

  TaskWorker(List<AppNode> nodes, String office, String inspector, String password) {
    this.nodes = nodes;
    this.office = office;
    this.inspector = inspector;
    this.password = password;
    this.thread = new Thread(this::run, "task-worker");
    thread.start();
  }

  private void run() {
    int round = 0;
    while (running) {
      AppNode node = nodes.get(round++ % nodes.size());
      work(node, node.client().basic(office, password), "Task_TriageComplaint", "{\"variables\":{\"triageOutcome\":{\"value\":\"ACCEPT\"}}}", null);
      if (inspector != null) {
        work(node, node.client().basic(inspector, password), "Task_VerifyComplaint",
            "{\"variables\":{\"substantiated\":{\"value\":false},\"findings\":{\"value\":\"经核实不属实\"}}}", verified);
      }
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Completes the open tasks of the kind, at most {@link #VERIFY} in all when {@code counted}. */
  private void work(AppNode node, WebClient client, String taskKey, String variables, AtomicInteger counted) {
    try {
      HttpResponse<String> tasks = client.getJson("/engine-rest/task?taskDefinitionKey=" + taskKey + "&sortBy=created&sortOrder=asc&maxResults=6");
      if (tasks.statusCode() != 200) {
        failures.add("node " + node.name() + ", list " + taskKey + " → " + tasks.statusCode() + " " + excerpt(tasks.body()));
        return;
      }
      Matcher m = ID.matcher(tasks.body());
      while (m.find()) {
        if (counted != null && counted.getAndIncrement() >= VERIFY) {
          return;
        }
        HttpResponse<String> done = client.postJson("/engine-rest/task/" + m.group(1) + "/complete", variables);
        if (done.statusCode() == 204) {
          completed.incrementAndGet();
        } else {
          failures.add("node " + node.name() + ", complete " + taskKey + " " + m.group(1) + " → " + done.statusCode() + " "
              + excerpt(done.body()));
        }
      }
    } catch (IllegalStateException e) {
      failures.add("node " + node.name() + ", " + taskKey + ": no answer: " + e.getCause());
    }
  }

  private static String excerpt(String body) {
    return body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body;
  }

  /** The worker has verified all it will: the verification tasks open now stay open. */
  boolean verificationsDone() {
    return verified.get() >= VERIFY;
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
