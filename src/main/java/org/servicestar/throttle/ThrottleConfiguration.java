package org.servicestar.throttle;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The public forms' limits on the app's zone, and the thread that deletes their ended windows. */
@Configuration
class ThrottleConfiguration {

  @Bean
  PublicFormLimits publicFormLimits(DataSource dataSource, PlatformTransactionManager transactions,
                                    PublicFormLimitProperties properties,
                                    Clock clock) {
    return new PublicFormLimits(dataSource, transactions, properties, clock);
  }

  @Bean
  EndedWindowsPruning endedWindowsPruning(PublicFormLimits limits) {
    return new EndedWindowsPruning(limits);
  }
}
