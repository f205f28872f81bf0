package org.servicestar.unit;

import java.util.Map;
import java.util.stream.Collectors;

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

  /** One per rendering, reading the units once: a ledger page names many. */
  public final class Names {
    private Map<String, String> names;

    /** 综合办税一号窗口 */
    public String name(String code) {
      if (code == null) {
        return "";
      }
      if (names == null) {
        UnitService service = units.getIfAvailable();
        names = service == null ? Map.of()
            : service.all().stream().collect(Collectors.toMap(Unit::code, Unit::name, (a, b) -> a));
      }
      return names.getOrDefault(code, code);
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
