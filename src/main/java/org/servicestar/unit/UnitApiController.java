package org.servicestar.unit;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/units}: the public list of active units (DESIGN.md "Ratings and public pages"). */
@RestController
class UnitApiController {

  record UnitView(String unitCode, String name, UnitType type, String parentCode) {
  }

  private final UnitService units;

  UnitApiController(UnitService units) {
    this.units = units;
  }

  @GetMapping("/api/units")
  List<UnitView> active() {
    return units.active().stream().map(u -> new UnitView(u.code(), u.name(), u.type(), u.parentCode())).toList();
  }
}
