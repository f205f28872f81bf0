package org.servicestar;

import org.servicestar.time.JvmZone;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ServiceStarApplication {

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(ServiceStarApplication.class);
    app.addListeners(new JvmZone());
    app.run(args);
  }
}
