package org.servicestar.notification;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.servicestar.security.Groups;
import org.servicestar.unit.Unit;
import org.servicestar.unit.UnitService;
import org.servicestar.unit.UnitTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Which group robots hear about a task for a group ({@link RobotProperties}): a fixed group's own robots,
 * and for {@code unit-{code}} (a unit's leads) the robots of the nearest unit at or above that unit in
 * the unit tree that has any (normally its department: {@code departments.tax} serves every hall and
 * window under 税务局). The sender looks a robot up again by its reference when it sends, so the URL is
 * never stored, and a robot removed from the configuration fails its messages rather than posting
 * them somewhere else.
 */
@Component
class Robots {

  private static final Logger log = LoggerFactory.getLogger(Robots.class);

  private final Supplier<UnitTree> units;
  private volatile Configured configured;

  private record Configured(RobotProperties properties, Map<String, RobotTarget> byRef) {
  }

  // The unit service is looked up when a message is written, not when the engine (which the unit feature needs) is built.
  @Autowired
  Robots(RobotProperties properties, ObjectProvider<UnitService> units) {
    this(properties, () -> {
      UnitService service = units.getIfAvailable();
      return service == null ? UnitTree.of(List.of()) : service.tree();
    });
  }

  /** Robots routed through this unit tree (tests). */
  Robots(RobotProperties properties, Supplier<UnitTree> units) {
    this.units = units;
    configure(properties);
  }

  /**
   * Replaces the robots. The app configures them once, at start; tests swap them at run time, since the
   * shared test context has none and a context of its own would cost minutes.
   */
  void configure(RobotProperties properties) {
    this.configured = new Configured(properties, properties.targets());
  }

  RobotProperties properties() {
    return configured.properties();
  }

  boolean any() {
    return !configured.byRef().isEmpty();
  }

  Optional<RobotTarget> byRef(String ref) {
    return Optional.ofNullable(ref == null ? null : configured.byRef().get(ref));
  }

  /** What the administrators' page calls the robot of a message: its name, or the reference of one no longer configured. */
  String describe(String ref) {
    return byRef(ref).map(RobotTarget::name).orElse(ref + "（已不在配置中）");
  }

  /** The robots of these candidate groups, each once, in the groups' order. */
  List<RobotTarget> forGroups(Collection<String> groupIds) {
    if (!any()) {
      return List.of();
    }
    Map<String, RobotTarget> found = new LinkedHashMap<>();
    UnitTree tree = null;
    for (String group : groupIds) {
      if (group == null) {
        continue;
      }
      if (group.startsWith(Groups.UNIT_PREFIX)) {
        if (configured.properties().departments().isEmpty()) {
          continue;
        }
        tree = tree == null ? tree() : tree;
        forUnit(tree, group.substring(Groups.UNIT_PREFIX.length())).forEach(t -> found.putIfAbsent(t.ref(), t));
      } else {
        targets("group", configured.properties().groups().get(group), group).forEach(t -> found.putIfAbsent(t.ref(), t));
      }
    }
    return List.copyOf(found.values());
  }

  List<RobotTarget> forGroup(String groupId) {
    return forGroups(List.of(groupId));
  }

  private UnitTree tree() {
    return units.get();
  }

  /** The robots of the nearest unit at or above {@code unitCode} that has any. */
  List<RobotTarget> forUnit(UnitTree tree, String unitCode) {
    Optional<Unit> unit = tree.unit(unitCode);
    if (unit.isEmpty()) {
      return List.of();
    }
    for (Unit above : tree.upwards(unit.get().id())) {
      List<RobotTarget> robots = targets("department", configured.properties().departments().get(above.code()), above.code());
      if (!robots.isEmpty()) {
        return robots;
      }
    }
    return List.of();
  }

  private List<RobotTarget> targets(String kind, List<RobotProperties.Robot> configuredRobots, String key) {
    if (configuredRobots == null) {
      return List.of();
    }
    return IntStream.range(0, configuredRobots.size())
        .mapToObj(i -> configured.byRef().get(RobotProperties.ref(kind, key, i))).filter(Objects::nonNull).toList();
  }

  /** Says which robots there are (names, never URLs), and which configured units do not exist. */
  @EventListener(ApplicationReadyEvent.class)
  void report() {
    if (!any()) {
      log.info("Group robots: none configured (servicestar.robots.*); notifications go by e-mail only");
      return;
    }
    log.info("Group robots: {}", configured.byRef().values());
    try {
      UnitTree tree = tree();
      configured.properties().departments().keySet().stream().filter(code -> tree.unit(code).isEmpty()).sorted()
          .forEach(code -> log.warn("Group robots: {}.departments.{} names no unit; its robots get nothing until a unit "
              + "with that code exists", RobotProperties.PREFIX, code));
    } catch (RuntimeException e) {
      log.warn("Group robots: could not check the department codes against the units: {}", e.toString());
    }
  }
}
