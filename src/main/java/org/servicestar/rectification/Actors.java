package org.servicestar.rectification;

import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.servicestar.audit.AuditTrail;

/** Who is acting in a process step: the user Camunda authenticated (Tasklist, REST), else the app's login, else "system". */
final class Actors {

  private Actors() {
  }

  static String of(ProcessEngineServices services, String fallback) {
    Authentication camunda = services.getIdentityService().getCurrentAuthentication();
    if (camunda != null && camunda.getUserId() != null) {
      return camunda.getUserId();
    }
    String spring = AuditTrail.currentActor();
    if (!"system".equals(spring) || fallback == null) {
      return spring;
    }
    return fallback;
  }
}
