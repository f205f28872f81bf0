package org.servicestar.security;

import org.servicestar.engine.KnownGroups;
import org.springframework.stereotype.Component;

/** The candidate groups a deployed diagram may name ({@link Groups}), for the engine's deploy-time contract check. */
@Component
class DiagramGroups implements KnownGroups {

  @Override
  public boolean known(String candidateGroup) {
    return Groups.isCandidateGroup(candidateGroup);
  }

  @Override
  public String describe() {
    return Groups.candidateGroupsText();
  }
}
