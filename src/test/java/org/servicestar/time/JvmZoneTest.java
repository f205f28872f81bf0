package org.servicestar.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.TimeZone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.mock.env.MockEnvironment;

class JvmZoneTest {

  private final TimeZone host = TimeZone.getDefault();

  @AfterEach
  void theHostsZoneAgain() {
    TimeZone.setDefault(host);
  }

  @Test
  void aUtcHostRunsTheEngineInBeijingTime() {
    TimeZone.setDefault(TimeZone.getTimeZone(ZoneOffset.UTC));
    prepared(new MockEnvironment());
    assertThat(TimeZone.getDefault().toZoneId()).isEqualTo(ZoneId.of("Asia/Shanghai"));
  }

  @Test
  void theZoneComesFromServicestarZone() {
    prepared(new MockEnvironment().withProperty("servicestar.zone", "Asia/Urumqi"));
    assertThat(TimeZone.getDefault().toZoneId()).isEqualTo(ZoneId.of("Asia/Urumqi"));
  }

  private static void prepared(MockEnvironment environment) {
    new JvmZone().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
        new SpringApplication(), new String[0], environment));
  }
}
