package org.servicestar.throttle;

import java.time.Clock;
import java.time.ZoneId;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The public forms' limits on the app's zone, and the thread that deletes their ended windows. */
@Configuration
class ThrottleConfiguration {

  @Bean
  PublicFormLimits publicFormLimits(DataSource dataSource, PlatformTransactionManager transactions,
                                    PublicFormLimitProperties properties,
                                    @Value("${servicestar.zone:Asia/Shanghai}") String zone) {
    return new PublicFormLimits(dataSource, transactions, properties, Clock.system(ZoneId.of(zone)));
  }

  @Bean
  EndedWindowsPruning endedWindowsPruning(PublicFormLimits limits) {
    return new EndedWindowsPruning(limits);
  }
}
