package org.servicestar.notification;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

  @Bean
  MailOutbox mailOutbox(JdbcClient jdbc, PlatformTransactionManager transactions, ApplicationEventPublisher events,
                        @Value("${servicestar.zone:Asia/Shanghai}") String zone) {
    return new MailOutbox(jdbc, transactions, events, Clock.system(ZoneId.of(zone)));
  }

  /** Spring Boot makes a {@link JavaMailSender} only when {@code spring.mail.host} is set. */
  @Bean
  OutboxSender outboxSender(MailOutbox outbox, ObjectProvider<JavaMailSender> mailSender, MailProperties properties) {
    return new OutboxSender(outbox, mailSender.getIfAvailable(), properties);
  }

  @Bean
  MailRetention mailRetention(JdbcClient jdbc, MailOutbox outbox, MailProperties properties) {
    return new MailRetention(jdbc, outbox, properties.retention());
  }
}
