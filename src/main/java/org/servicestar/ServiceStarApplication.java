package org.servicestar;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ServiceStarApplication {

  public static void main(String[] args) {
    SpringApplication.run(ServiceStarApplication.class, args);
  }
}
