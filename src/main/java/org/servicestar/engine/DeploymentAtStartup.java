package org.servicestar.engine;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Deploys bpmn/ and forms/ (and the deployment folder) once the engine is up, before demo data starts processes. */
@Component
@Order(0)
class DeploymentAtStartup implements ApplicationRunner {

  private final DiagramDeployer deployer;

  DeploymentAtStartup(DiagramDeployer deployer) {
    this.deployer = deployer;
  }

  @Override
  public void run(ApplicationArguments args) {
    deployer.deployAll();
  }
}
