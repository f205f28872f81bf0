package org.servicestar.notification;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Who gets a mail, from Camunda's identity service: a user, the candidates of a task (candidate users
 * and every member of a candidate group), the members of a group. Users without an e-mail address are
 * left out, and each such user is logged once (per node and start) rather than with every task.
 */
@Component
class Recipients {

  private static final Logger log = LoggerFactory.getLogger(Recipients.class);

  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  Optional<Recipient> user(IdentityService identity, String userId) {
    if (userId == null || userId.isBlank()) {
      return Optional.empty();
    }
    User user = identity.createUserQuery().userId(userId).singleResult();
    if (user == null) {
      warnOnce(userId, "Notification: user '{}' does not exist in Camunda's identity service; no mail for them");
      return Optional.empty();
    }
    return withAddress(user);
  }

  /** Candidate users and the members of candidate groups, each once, in a stable order. */
  List<Recipient> candidates(IdentityService identity, Collection<? extends IdentityLink> links) {
    Map<String, Recipient> byUser = new LinkedHashMap<>();
    for (IdentityLink link : sorted(links)) {
      if (!IdentityLinkType.CANDIDATE.equals(link.getType())) {
        continue;
      }
      if (link.getUserId() != null) {
        user(identity, link.getUserId()).ifPresent(r -> byUser.putIfAbsent(r.userId(), r));
      } else if (link.getGroupId() != null) {
        members(identity, link.getGroupId()).forEach(r -> byUser.putIfAbsent(r.userId(), r));
      }
    }
    return List.copyOf(byUser.values());
  }

  /** The candidate groups of a task, in a stable order: whose robots hear of it. */
  static List<String> candidateGroups(Collection<? extends IdentityLink> links) {
    return sorted(links).stream().filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
        .map(IdentityLink::getGroupId).distinct().toList();
  }

  List<Recipient> members(IdentityService identity, String groupId) {
    List<Recipient> members = new ArrayList<>();
    for (User user : identity.createUserQuery().memberOfGroup(groupId).orderByUserId().asc().list()) {
      withAddress(user).ifPresent(members::add);
    }
    return members;
  }

  /** "王建国（leader1）" */
  static String describe(User user) {
    String name = displayName(user);
    return name.isBlank() || name.equals(user.getId()) ? user.getId() : name + "（" + user.getId() + "）";
  }

  /** What the mails call who holds a task: its assignee, else its candidate groups and users. */
  String holder(IdentityService identity, String assignee, Collection<? extends IdentityLink> links) {
    if (assignee != null) {
      User user = identity.createUserQuery().userId(assignee).singleResult();
      return user == null ? assignee : describe(user);
    }
    List<String> candidates = new ArrayList<>();
    for (IdentityLink link : sorted(links)) {
      if (!IdentityLinkType.CANDIDATE.equals(link.getType())) {
        continue;
      }
      if (link.getGroupId() != null) {
        Group group = identity.createGroupQuery().groupId(link.getGroupId()).singleResult();
        candidates.add(group == null || group.getName() == null ? link.getGroupId()
            : group.getName() + "（" + link.getGroupId() + "）");
      } else if (link.getUserId() != null) {
        User user = identity.createUserQuery().userId(link.getUserId()).singleResult();
        candidates.add(user == null ? link.getUserId() : describe(user));
      }
    }
    return candidates.isEmpty() ? "尚无办理人" : "尚未认领，候选：" + String.join("、", candidates);
  }

  private Optional<Recipient> withAddress(User user) {
    String address = user.getEmail();
    if (address == null || address.isBlank()) {
      warnOnce(user.getId(), "Notification: user '{}' has no e-mail address and gets no mails (add one in Camunda Admin)");
      return Optional.empty();
    }
    warned.remove(user.getId());
    return Optional.of(new Recipient(user.getId(), displayName(user), address.trim()));
  }

  private void warnOnce(String userId, String message) {
    if (warned.add(userId)) {
      log.warn(message, userId);
    }
  }

  /** Family name first, as the demo and the unit pages store it ("王" + "建国"). */
  private static String displayName(User user) {
    String first = user.getFirstName() == null ? "" : user.getFirstName().trim();
    String last = user.getLastName() == null ? "" : user.getLastName().trim();
    return (first + last).isBlank() ? user.getId() : first + last;
  }

  private static List<IdentityLink> sorted(Collection<? extends IdentityLink> links) {
    List<IdentityLink> list = new ArrayList<>(links);
    list.sort((a, b) -> key(a).compareTo(key(b)));
    return list;
  }

  private static String key(IdentityLink link) {
    return (link.getGroupId() != null ? "g:" + link.getGroupId() : "u:" + link.getUserId());
  }
}
