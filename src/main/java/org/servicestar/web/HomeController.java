package org.servicestar.web;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

  private static final java.util.Map<String, String> ROLE_NAMES = java.util.Map.of(
      "GROUP_leading-group", "领导小组", "GROUP_competition-office", "领导小组办公室",
      "GROUP_inspectors", "督查考核组", "GROUP_camunda-admin", "系统管理员");

  @GetMapping("/")
  String home(Authentication auth, Model model) {
    List<String> roles = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
        .map(a -> ROLE_NAMES.getOrDefault(a, a.startsWith("GROUP_unit-") ? "单位负责人（" + a.substring(11) + "）" : null))
        .filter(java.util.Objects::nonNull).sorted().toList();
    model.addAttribute("userId", auth.getName());
    model.addAttribute("roles", roles);
    return "home";
  }

  @GetMapping("/login")
  String login() {
    return "login";
  }

  /** Logging out is a POST (CSRF-protected); a link to /logout asks for confirmation first. */
  @GetMapping("/logout")
  String logout() {
    return "logout";
  }
}
