package org.servicestar.veto;

/**
 * Published (synchronously, inside the ruling's transaction) when the leading group's ruling confirms or
 * annuls a veto record: the scoring asks for a new run of {@code year} (scoring.Rescoring).
 */
public record VetoRuled(long vetoId, int year, VetoStatus status) {
}
