package org.servicestar.notification;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
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
                        Clock clock) {
    return new MailOutbox(jdbc, transactions, events, clock);
  }

  /** Spring Boot makes a {@link JavaMailSender} only when {@code spring.mail.host} is set. */
  @Bean
  OutboxSender outboxSender(MailOutbox outbox, ObjectProvider<JavaMailSender> mailSender, MailProperties properties,
                            Robots robots, RobotProperties robotProperties, Clock clock) {
    RobotSender robotSender = new RobotSender(robotProperties.connectTimeout(), robotProperties.readTimeout(), clock);
    return new OutboxSender(outbox, mailSender.getIfAvailable(), properties, robots, robotSender);
  }

  @Bean
  MailRetention mailRetention(JdbcClient jdbc, MailOutbox outbox, MailProperties properties) {
    return new MailRetention(jdbc, outbox, properties.retention());
  }
}
