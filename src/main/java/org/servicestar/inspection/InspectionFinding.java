package org.servicestar.inspection;

import org.servicestar.rectification.Severity;

/** What the inspectors found; {@link #sourceId} names it to the Rectification and the veto record it leads to. */
record InspectionFinding(int position, String description, Severity severity, boolean needsRectification,
                         boolean seriousImageHarm, String rectificationNumber) {

  static String sourceId(String inspectionNumber, int position) {
    return inspectionNumber + "/" + position;
  }
}
