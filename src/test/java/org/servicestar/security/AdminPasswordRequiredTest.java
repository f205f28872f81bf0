package org.servicestar.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class AdminPasswordRequiredTest {

  private final AdminPasswordRequired check = new AdminPasswordRequired();

  @Test
  void outsideTheDemoTheAppRefusesToStartWithoutAnAdminPassword() {
    MockEnvironment env = new MockEnvironment();
    env.setActiveProfiles("postgres");
    assertThatThrownBy(() -> check.postProcessEnvironment(env, new SpringApplication()))
        .hasMessageContaining("SERVICESTAR_ADMIN_PASSWORD");
    env.setProperty("servicestar.admin.password", "  ");
    assertThatThrownBy(() -> check.postProcessEnvironment(env, new SpringApplication()))
        .hasMessageContaining("SERVICESTAR_ADMIN_PASSWORD");
  }

  @Test
  void startsWithAPasswordFromTheEnvironmentOrInTheDemo() {
    MockEnvironment given = new MockEnvironment().withProperty("servicestar.admin.password", "s3cret-from-env");
    given.setActiveProfiles("postgres");
    assertThatCode(() -> check.postProcessEnvironment(given, new SpringApplication())).doesNotThrowAnyException();
    MockEnvironment demo = new MockEnvironment();
    demo.setActiveProfiles("demo");
    assertThatCode(() -> check.postProcessEnvironment(demo, new SpringApplication())).doesNotThrowAnyException();
  }
}
