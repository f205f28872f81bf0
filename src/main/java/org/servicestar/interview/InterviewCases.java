package org.servicestar.interview;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other packages may do with 约谈 cases, the same steps as the monthly check and the case page:
 * open the cases a complete month flags (as InterviewCheck's Task_OpenInterviews does) and upload a
 * file of the interview's record (as /interviews/{number} does). Used by the demo.
 */
@Service
public class InterviewCases {

  private final Interviews interviews;
  private final InterviewEvidence evidence;

  InterviewCases(Interviews interviews, InterviewEvidence evidence) {
    this.interviews = interviews;
    this.evidence = evidence;
  }

  /** The cases opened for the windows {@code month} flags (see {@link Interviews#openFor}); their numbers. */
  @Transactional
  public List<String> openFor(YearMonth month) {
    return interviews.openFor(month);
  }

  /** The last complete month, the one the monthly check looks at. */
  public YearMonth lastCompleteMonth() {
    return interviews.lastCompleteMonth();
  }

  /** The cases in progress, oldest first: the office's queue on the start page. */
  public List<InterviewCase> unfinished() {
    return interviews.unfinished();
  }

  public Optional<InterviewCase> byNumber(String number) {
    return interviews.byNumber(number);
  }

  /** Adds a file (JPEG, PNG or PDF) to the interview's record, checked as the case page's upload is. */
  @Transactional
  public void addEvidence(String number, String fileName, byte[] content, String note, String actor) {
    evidence.add(interviews.require(number), fileName, content, note, actor);
  }
}
