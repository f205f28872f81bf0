package org.servicestar.unit;

import java.util.HashMap;
import java.util.Map;

import org.servicestar.web.TemplateObjects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code #units} in every template: a unit as people call it, with its code beside it where the code
 * is what an administrator looks up. A code no longer known is shown as it is.
 */
@Component
final class UnitNames extends TemplateObjects {

  /** Absent in {@code @WebMvcTest} slices, which take dialects but not the services: codes are shown as they are. */
  private final ObjectProvider<UnitService> units;

  UnitNames(ObjectProvider<UnitService> units) {
    super("units");
    this.units = units;
  }

  /**
   * One per rendering, remembering each code it looked up: a ledger page names a few units many times,
   * and a province has tens of thousands, so it does not read them all.
   */
  public final class Names {
    private final Map<String, String> names = new HashMap<>();

    /** 综合办税一号窗口 */
    public String name(String code) {
      if (code == null) {
        return "";
      }
      return names.computeIfAbsent(code, c -> {
        UnitService service = units.getIfAvailable();
        return service == null ? c : service.byCode(c).map(Unit::name).orElse(c);
      });
    }

    /** 综合办税一号窗口（tax-w01） */
    public String label(String code) {
      String name = name(code);
      return code == null || name.equals(code) ? name : name + "（" + code + "）";
    }
  }

  @Override
  protected Object perRendering() {
    return new Names();
  }
}
