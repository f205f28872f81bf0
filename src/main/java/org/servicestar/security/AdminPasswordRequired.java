package org.servicestar.security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start, before anything touches the database, when no administrator password was given:
 * outside the {@code demo} profile there are no default credentials.
 */
class AdminPasswordRequired implements EnvironmentPostProcessor {

  static final String MESSAGE = "ServiceStar 拒绝启动：未设置管理员密码。请在环境变量 SERVICESTAR_ADMIN_PASSWORD 中给出"
      + " (no administrator password: set SERVICESTAR_ADMIN_PASSWORD; only the demo profile has default users).";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.acceptsProfiles(Profiles.of("demo"))) {
      return;
    }
    String password = environment.getProperty("servicestar.admin.password");
    if (password == null || password.isBlank()) {
      throw new IllegalStateException(MESSAGE);
    }
  }
}
