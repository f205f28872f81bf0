package org.servicestar.inspection;

import java.math.BigDecimal;

/** One item of a 看听查访 score sheet: what is looked at, and how many points it can give. */
record SheetItem(int position, Dimension dimension, String label, BigDecimal maxScore) {
}
