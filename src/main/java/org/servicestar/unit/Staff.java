package org.servicestar.unit;

/** A member of staff at a unit; the badge number (工号) is what raters and name cards show. */
public record Staff(long id, long unitId, String unitCode, String unitName, String name, String badgeNo,
                    boolean partyMember, String position, boolean active, int version) {
}
