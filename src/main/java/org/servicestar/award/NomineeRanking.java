package org.servicestar.award;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The nominee list of one category from its eligible candidates: best score first, at most the
 * quota, ties shown as ties (the same rank). When a tie straddles the quota, none of the tied is
 * nominated — taking some would decide the tie silently — and they are returned as tied at the
 * cut-off, for the office to add one with a reason.
 */
final class NomineeRanking {

  record Candidate(String subject, String name, String unitCode, BigDecimal score, Integer stars) {
  }

  record Ranked(Candidate candidate, int rank, boolean tied) {
  }

  record Result(List<Ranked> nominees, List<Ranked> tiedAtCutoff) {
  }

  private NomineeRanking() {
  }

  static Result rank(List<Candidate> eligible, int quota) {
    List<Candidate> sorted = new ArrayList<>(eligible);
    sorted.sort(Comparator.comparing(Candidate::score).reversed().thenComparing(Candidate::subject));
    List<Ranked> nominees = new ArrayList<>();
    List<Ranked> cutoff = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j < sorted.size() && sorted.get(j).score().compareTo(sorted.get(i).score()) == 0) {
        j++;
      }
      int rank = i + 1;
      boolean tied = j - i > 1;
      List<Ranked> group = sorted.subList(i, j).stream().map(c -> new Ranked(c, rank, tied)).toList();
      if (j <= quota) {
        nominees.addAll(group);
      } else {
        if (i < quota) {
          cutoff.addAll(group);
        }
        break;
      }
      i = j;
    }
    return new Result(nominees, cutoff);
  }
}
