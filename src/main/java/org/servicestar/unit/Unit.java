package org.servicestar.unit;

/** A unit of the tree, as read; {@code parentCode} is null for a department. */
public record Unit(long id, String code, String name, UnitType type, Long parentId, String parentCode,
                   boolean active, int version) {
}
