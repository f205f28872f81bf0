package org.servicestar.unit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The unit tree's one answer to "a unit and everything under it" (and, read the other way, "a unit
 * and everything above it"), for every feature that rolls figures up, filters by a unit's subtree or
 * checks that one unit lies in another. Built from a list of units ({@link UnitService#tree()}) for
 * the walks done in Java, or as {@link #SUBTREE_IDS} for SQL.
 *
 * <p>Every walk stops after {@link #MAX_DEPTH} levels: the service refuses a parent that would close a
 * cycle, but an imported table could still hold one, and a page must not loop over it.
 */
public final class UnitTree {

  /** Department, hall, section, window are four levels; well beyond any tree the types allow. */
  static final int MAX_DEPTH = 16;

  /**
   * A common table expression {@code subtree (id)}: the ids of the unit whose code is its one
   * parameter and of every unit under it. Put it before a query's {@code select} and filter with
   * {@code unit_id in (select id from subtree)}.
   */
  public static final String SUBTREE_IDS = """
      with recursive subtree (id) as (
          select id from unit where code = ?
          union all
          select u.id from unit u join subtree s on u.parent_id = s.id)
      """;

  /** A unit of a subtree and how many levels it lies below the subtree's root (the root: 0). */
  public record Placed(Unit unit, int depth) {
  }

  private final Map<Long, Unit> byId = new HashMap<>();
  private final Map<String, Unit> byCode = new HashMap<>();
  private final Map<Long, List<Unit>> children = new HashMap<>();

  private UnitTree(Collection<Unit> units) {
    for (Unit u : units) {
      byId.put(u.id(), u);
      byCode.put(u.code(), u);
      if (u.parentId() != null) {
        children.computeIfAbsent(u.parentId(), k -> new ArrayList<>()).add(u);
      }
    }
    children.values().forEach(list -> list.sort(Comparator.comparing(Unit::code)));
  }

  /** The tree of these units (all of them, the inactive ones too, when a walk must reach them). */
  public static UnitTree of(Collection<Unit> units) {
    return new UnitTree(units);
  }

  public Optional<Unit> unit(String code) {
    return Optional.ofNullable(code == null ? null : byCode.get(code));
  }

  public Optional<Unit> unit(long id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The unit with this id and its ancestors, nearest first; empty for an unknown id. */
  public List<Unit> upwards(long unitId) {
    List<Unit> chain = new ArrayList<>();
    for (Unit u = byId.get(unitId); u != null && chain.size() < MAX_DEPTH; u = u.parentId() == null ? null : byId.get(u.parentId())) {
      chain.add(u);
    }
    return chain;
  }

  /** Whether the unit {@code inner} is {@code outer} or lies below it; false when either is unknown. */
  public boolean within(String inner, String outer) {
    Unit unit = byCode.get(inner);
    return unit != null && within(unit, outer, code -> Optional.ofNullable(byCode.get(code)));
  }

  /** The codes of the unit and of every unit under it; empty for an unknown code. */
  public Set<String> subtreeCodes(String code) {
    Set<String> codes = new LinkedHashSet<>();
    subtree(code).forEach(p -> codes.add(p.unit().code()));
    return codes;
  }

  /** The unit and every unit under it, depth first, children in code order; empty for an unknown code. */
  public List<Placed> subtree(String code) {
    List<Placed> placed = new ArrayList<>();
    Unit root = byCode.get(code);
    if (root != null) {
      walk(root, 0, placed);
    }
    return placed;
  }

  private void walk(Unit unit, int depth, List<Placed> placed) {
    placed.add(new Placed(unit, depth));
    if (depth < MAX_DEPTH) {
      children.getOrDefault(unit.id(), List.of()).forEach(child -> walk(child, depth + 1, placed));
    }
  }

  /**
   * Whether {@code inner} is the unit {@code outerCode} or lies below it, following the parents
   * through {@code units} (a cache or a repository: for callers that check a few units without
   * reading the whole tree).
   */
  public static boolean within(Unit inner, String outerCode, Function<String, Optional<Unit>> units) {
    Unit current = inner;
    for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
      if (current.code().equals(outerCode)) {
        return true;
      }
      current = current.parentCode() == null ? null : units.apply(current.parentCode()).orElse(null);
    }
    return false;
  }
}
