package org.servicestar.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start when the public address is missing in production (profile {@code postgres}
 * without {@code demo}), or malformed anywhere: QR
 * cards printed with {@code http://localhost:8080/rate/…} would have to be printed again, and every
 * link in a mail or robot message would lead nowhere. Checked before anything starts, like the
 * administrator password (security.AdminPasswordRequired).
 */
class PublicAddressRequired implements EnvironmentPostProcessor {

  static final String PROPERTY = "servicestar.public-url";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    String address = environment.getProperty(PROPERTY);
    if (address == null || address.isBlank()) {
      if (!environment.acceptsProfiles(Profiles.of("postgres & !demo"))) {
        return;
      }
      throw new IllegalStateException("ServiceStar 拒绝启动：未设置公网地址。请在环境变量 SERVICESTAR_PUBLIC_URL 中给出群众和工作人员"
          + "访问本系统的地址，例如 https://fwzx.example.gov.cn；二维码、邮件和群机器人消息中的链接都用它"
          + " (no public address: set SERVICESTAR_PUBLIC_URL; QR cards and message links are built from it).");
    }
    String problem = PublicAddress.problem(address);
    if (problem != null) {
      throw new IllegalStateException("ServiceStar 拒绝启动：公网地址 SERVICESTAR_PUBLIC_URL（" + PROPERTY + "）“" + address
          + "”" + problem + "，例如 https://fwzx.example.gov.cn (the public address is malformed).");
    }
  }
}
