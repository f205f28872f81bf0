package org.servicestar.web;

import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/** The last lines of the start-up log: where to go and, in the demo, who to log in as. */
@Component
class StartupSummary {

  private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

  @EventListener(ApplicationReadyEvent.class)
  void ready(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    String context = env.getProperty("server.servlet.context-path", "");
    String url = "http://localhost:" + port + context + "/";
    StringBuilder text = new StringBuilder()
        .append("\n==================== ServiceStar 服务之星 is ready ====================\n")
        .append("  App:       ").append(url).append('\n')
        .append("  Tasklist:  ").append(url).append("camunda/app/tasklist/\n")
        .append("  REST API:  ").append(url).append("engine-rest/ (HTTP basic, for Camunda Modeler)\n")
        .append("  Messages:  ").append(url).append("admin/messages (mails and group-robot messages, sent or only logged)\n")
        .append("  Profiles:  ").append(Arrays.toString(env.getActiveProfiles())).append('\n');
    if (env.acceptsProfiles(Profiles.of("demo"))) {
      text.append("  Demo logins (password: demo):\n")
          .append("    admin                      administrator (camunda-admin)\n")
          .append("    leader1, leader2, leader3  leading group 领导小组\n")
          .append("    office1, office2           competition office 领导小组办公室\n")
          .append("    inspector1 .. inspector3   inspectors 督查考核组\n")
          .append("    lead-{unitCode}            unit leads, e.g. lead-tax-hall, lead-tax-w01 (see /units)\n");
    }
    text.append("=====================================================================");
    log.info(text.toString());
  }
}
