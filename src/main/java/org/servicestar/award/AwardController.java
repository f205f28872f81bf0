package org.servicestar.award;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.servicestar.audit.AuditTrail;
import org.servicestar.security.Access;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The award approval of a year as the office, the leading group and the inspectors follow it: the
 * nominees and how each was decided, who has voted, the objections, and every step with its reason.
 */
@Controller
class AwardController {

  private final Awards awards;
  private final AuditTrail audit;

  AwardController(Awards awards, AuditTrail audit) {
    this.awards = awards;
    this.audit = audit;
  }

  @GetMapping("/awards/{year}")
  @PreAuthorize(Access.OVERSEE)
  String show(@PathVariable int year, Model model) {
    AwardRound round = awards.round(year)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, year + " 年还没有开始评优"));
    List<Awards.Vote> votes = awards.votes(year);
    Set<String> voted = votes.stream().map(Awards.Vote::voter).collect(Collectors.toSet());
    Map<Long, List<Awards.Vote>> votesByNominee = votes.stream().collect(Collectors.groupingBy(Awards.Vote::nomineeId));
    model.addAttribute("round", round);
    model.addAttribute("rule", ApprovalRule.valueOf(round.approvalRule()).describe());
    model.addAttribute("voted", voted);
    model.addAttribute("nominees", awards.nominees(year));
    model.addAttribute("votesByNominee", votesByNominee);
    model.addAttribute("objections", awards.objections(year));
    model.addAttribute("history", audit.of(AwardApprovalIds.businessKey(year), 200));
    return "award/show";
  }
}
