package org.servicestar.security;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Checks a login against Camunda's identity service, so that users, passwords and groups live in
 * one place (the same users Camunda Admin manages). Repeated failures are throttled by
 * {@link LoginThrottle} per user and per client address (Camunda's own lock-out is switched off in
 * application.yaml: it locks a user for good after a number of failures, which anyone could provoke).
 */
@Component
class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

  private final IdentityService identityService;
  private final LoginThrottle throttle;

  CamundaIdentityAuthenticationProvider(IdentityService identityService, LoginThrottle throttle) {
    this.identityService = identityService;
    this.throttle = throttle;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String id = authentication.getName() == null ? "" : authentication.getName().trim();
    String address = authentication.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null
        ? web.getRemoteAddress() : "unknown";
    throttle.checkAllowed(id, address);
    Object credentials = authentication.getCredentials();
    if (id.isEmpty() || credentials == null || !identityService.checkPassword(id, credentials.toString())) {
      throttle.failed(id, address);
      throw new BadCredentialsException("用户名或密码错误");
    }
    throttle.succeeded(id);
    return UsernamePasswordAuthenticationToken.authenticated(id, null, authoritiesOf(id));
  }

  List<GrantedAuthority> authoritiesOf(String userId) {
    return identityService.createGroupQuery().groupMember(userId).list().stream()
        .map(Group::getId)
        .<GrantedAuthority>map(g -> new SimpleGrantedAuthority(Groups.authority(g)))
        .toList();
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
