package org.servicestar.audit;

import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.servicestar.web.TemplateObjects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code #actors} in every template: who did a step, as a person reads it. A citizen on the public
 * pages is 群众 (with the channel where the page knows it), the engine's own work is 系统, a user is
 * shown by name with the login beside it. Older rows written before {@link AuditTrail#PUBLIC} carry
 * Spring Security's {@code anonymousUser}; they read the same.
 */
@Component
final class ActorNames extends TemplateObjects {

  /** What Spring Security names an anonymous visitor, kept in rows written before {@link AuditTrail#PUBLIC}. */
  private static final String SPRING_ANONYMOUS = "anonymousUser";

  /** Absent in {@code @WebMvcTest} slices, which take dialects but not the engine: ids are shown as they are. */
  private final ObjectProvider<IdentityService> identity;

  ActorNames(ObjectProvider<IdentityService> identity) {
    super("actors");
    this.identity = identity;
  }

  /** One per rendering: a page names the same few people many times. */
  public final class Names {
    private final Map<String, String> known = new HashMap<>();

    public String name(String actor) {
      if (actor == null || actor.isBlank()) {
        return "";
      }
      if (isPublic(actor)) {
        return "群众";
      }
      if (AuditTrail.SYSTEM.equals(actor)) {
        return "系统";
      }
      return known.computeIfAbsent(actor, ActorNames.this::user);
    }

    /** 群众（扫码评价）: the channel a citizen used, where the page knows it. */
    public String name(String actor, String channel) {
      return isPublic(actor) && channel != null && !channel.isBlank() ? "群众（" + channel + "）" : name(actor);
    }
  }

  static boolean isPublic(String actor) {
    return AuditTrail.PUBLIC.equals(actor) || SPRING_ANONYMOUS.equals(actor);
  }

  private String user(String id) {
    IdentityService users = identity.getIfAvailable();
    if (users == null) {
      return id;
    }
    User user;
    try {
      user = users.createUserQuery().userId(id).singleResult();
    } catch (RuntimeException e) {
      return id;
    }
    if (user == null) {
      return id;
    }
    String first = user.getFirstName() == null ? "" : user.getFirstName().trim();
    String last = user.getLastName() == null ? "" : user.getLastName().trim();
    return (first + last).isBlank() ? id : first + last + "（" + id + "）";
  }

  @Override
  protected Object perRendering() {
    return new Names();
  }
}
