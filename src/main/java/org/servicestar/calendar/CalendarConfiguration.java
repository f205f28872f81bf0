package org.servicestar.calendar;

import java.time.Clock;
import java.time.Duration;

import org.servicestar.audit.AuditTrail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class CalendarConfiguration {

  /**
   * Loads the shipped years before the bean is handed out, so that the {@code workdays} bean (and
   * any job the engine runs with it) never counts with an empty calendar after a fresh install.
   */
  @Bean
  CalendarService calendarService(CalendarRepository repository, PlatformTransactionManager transactionManager,
      AuditTrail audit, Clock clock, @Value("${servicestar.calendar.refresh-interval:PT5M}") Duration refreshInterval) {
    CalendarService service = new CalendarService(repository, new TransactionTemplate(transactionManager), audit,
        clock, refreshInterval);
    service.loadShippedYears();
    return service;
  }

  @Bean("workdays")
  Workdays workdays(CalendarService calendarService, Clock clock) {
    return new Workdays(calendarService::current, clock);
  }
}
