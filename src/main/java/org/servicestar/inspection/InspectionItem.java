package org.servicestar.inspection;

import java.math.BigDecimal;

/** An item of an inspection's own sheet (the snapshot taken at its start) with its score once conducted. */
record InspectionItem(int position, Dimension dimension, String label, BigDecimal maxScore, BigDecimal score, String remark) {
}
