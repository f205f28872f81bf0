package org.servicestar.engine;

/**
 * Which candidate groups a diagram may name, as {@link DiagramContract} asks it: the security feature
 * owns the groups and answers (a Spring bean implements this).
 */
public interface KnownGroups {

  /** Whether a {@code camunda:candidateGroups} entry (a group id, a pattern like {@code unit-${unitCode}}, an expression) is known. */
  boolean known(String candidateGroup);

  /** The known groups and patterns, for a refusal's message. */
  String describe();
}
