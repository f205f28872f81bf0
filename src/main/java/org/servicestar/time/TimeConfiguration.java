package org.servicestar.time;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.thymeleaf.dialect.IDialect;

/**
 * The {@link Clock} bean every feature asks for the time, in {@code servicestar.zone}, and the
 * {@code #times} helper that pages use to show it. A test may replace the clock with a {@code @Primary} one.
 */
@Configuration(proxyBeanMethods = false)
public class TimeConfiguration {

  static final String ZONE_PROPERTY = "servicestar.zone";

  @Bean
  Clock clock(@Value("${" + ZONE_PROPERTY + ":Asia/Shanghai}") ZoneId zone) {
    return new AppClock(zone);
  }

  @Bean
  Times times(Clock clock) {
    return new Times(clock);
  }

  @Bean
  IDialect timesDialect(Times times) {
    return new TimesDialect(times);
  }
}
