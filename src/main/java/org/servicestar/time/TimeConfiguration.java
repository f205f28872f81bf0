package org.servicestar.time;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link Clock} bean every feature asks for the time, in {@code servicestar.zone}, and {@link Times}
 * to show it. A test may replace the clock with a {@code @Primary} one.
 */
@Configuration(proxyBeanMethods = false)
public class TimeConfiguration {

  static final String ZONE_PROPERTY = "servicestar.zone";
  static final String ZONE = "${" + ZONE_PROPERTY + ":Asia/Shanghai}";

  @Bean
  Clock clock(@Value(ZONE) ZoneId zone) {
    return new AppClock(zone);
  }

  @Bean
  Times times(Clock clock) {
    return new Times(clock);
  }
}
