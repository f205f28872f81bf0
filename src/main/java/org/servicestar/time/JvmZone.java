package org.servicestar.time;

import java.time.ZoneId;
import java.util.TimeZone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Sets the JVM's default time zone to {@code servicestar.zone} before any bean (the engine above all)
 * is made; registered by {@code main()} only, so tests keep the host's zone and prove the app does
 * not depend on it.
 *
 * <p>The app's own code never reads the default zone (it asks the {@link java.time.Clock} bean). Camunda does:
 * it writes its {@link java.util.Date}s (due dates, timers, history) to {@code timestamp} columns
 * as wall time in the default zone, and reads cron cycles and ISO dates without an offset there.
 * With this, those are Beijing times on any host, and a database moved to a host in another zone
 * keeps meaning the same moments.
 */
public final class JvmZone implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  private static final Logger log = LoggerFactory.getLogger(JvmZone.class);

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ZoneId zone = ZoneId.of(event.getEnvironment().getProperty(TimeConfiguration.ZONE_PROPERTY, AppClock.DEFAULT_ZONE.getId()));
    TimeZone host = TimeZone.getDefault();
    if (!host.toZoneId().equals(zone)) {
      TimeZone.setDefault(TimeZone.getTimeZone(zone));
      log.info("JVM default time zone set from {} to {} ({})", host.getID(), zone, TimeConfiguration.ZONE_PROPERTY);
    }
  }
}
