package org.servicestar.engine;

import java.util.Set;

/**
 * What Java hands a decision and reads back from it, declared next to the ids of the process or
 * feature that evaluates it (a static field of an {@code *Ids} class). {@link DiagramContract} checks
 * every deployed version against it: an administrator may change the rules of a table, not what the
 * code relies on.
 *
 * @param key the decision key
 * @param inputs the variables the caller supplies: input expressions may use these and no others
 * @param outputs the output names Java reads from the result
 * @param singleOutput whether the caller maps the result with {@code singleEntry}, which needs exactly one output
 */
public record DecisionReads(String key, Set<String> inputs, Set<String> outputs, boolean singleOutput) {
}
