package org.servicestar.time;

import java.time.ZoneId;

import org.servicestar.web.TemplateObjects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code #times} in every template (Spring Boot adds every dialect bean to the template engine). A
 * component of its own because {@code @WebMvcTest} slices take dialects but not TimeConfiguration;
 * there it falls back to an AppClock on the same zone.
 */
@Component
final class TimesDialect extends TemplateObjects {

  private final Times times;

  TimesDialect(ObjectProvider<Times> times, @Value(TimeConfiguration.ZONE) ZoneId zone) {
    super("times");
    this.times = times.getIfAvailable(() -> new Times(new AppClock(zone)));
  }

  /** Times holds no state of a page: the same one serves every rendering. */
  @Override
  protected Object perRendering() {
    return times;
  }
}
