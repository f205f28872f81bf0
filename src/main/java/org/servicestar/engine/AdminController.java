package org.servicestar.engine;

import org.camunda.bpm.engine.RepositoryService;
import org.servicestar.audit.AuditTrail;
import org.servicestar.security.Access;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The administrators' start page (/admin/** is theirs in SecurityConfig too, by the same rule). */
@Controller
@PreAuthorize(Access.ADMINISTER)
class AdminController {

  private final RepositoryService repositoryService;
  private final AuditTrail audit;
  private final ObjectProvider<AdminAttention> attention;

  AdminController(RepositoryService repositoryService, AuditTrail audit, ObjectProvider<AdminAttention> attention) {
    this.repositoryService = repositoryService;
    this.audit = audit;
    this.attention = attention;
  }

  @GetMapping("/admin")
  String index(Model model) {
    model.addAttribute("deployments", repositoryService.createDeploymentQuery().orderByDeploymentTime().desc().listPage(0, 30));
    model.addAttribute("definitions", repositoryService.createProcessDefinitionQuery().latestVersion()
        .orderByProcessDefinitionKey().asc().list());
    model.addAttribute("audit", audit.latest(50));
    model.addAttribute("notices", AdminAttention.all(attention));
    return "admin/index";
  }
}
