package org.servicestar.home;

import org.servicestar.security.CurrentUser;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page of everyone logged in (what is mine, then what my role can open), and the login and logout pages. */
@Controller
class HomeController {

  private final StartPage startPage;

  HomeController(StartPage startPage) {
    this.startPage = startPage;
  }

  @GetMapping("/")
  String home(Authentication auth, Model model) {
    model.addAttribute("userId", auth.getName());
    model.addAttribute("roles", CurrentUser.roleNames(auth));
    model.addAttribute("work", startPage.of(auth));
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
