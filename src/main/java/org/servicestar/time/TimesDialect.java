package org.servicestar.time;

import java.time.ZoneId;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;

/**
 * {@code #times} in every template (Spring Boot adds every dialect bean to the template engine). A
 * component of its own because {@code @WebMvcTest} slices take dialects but not TimeConfiguration;
 * there it falls back to an AppClock on the same zone.
 */
@Component
final class TimesDialect extends AbstractDialect implements IExpressionObjectDialect {

  private final Times times;

  TimesDialect(ObjectProvider<Times> times, @Value(TimeConfiguration.ZONE) ZoneId zone) {
    super("servicestar-times");
    this.times = times.getIfAvailable(() -> new Times(new AppClock(zone)));
  }

  @Override
  public IExpressionObjectFactory getExpressionObjectFactory() {
    return new IExpressionObjectFactory() {
      @Override
      public Set<String> getAllExpressionObjectNames() {
        return Set.of("times");
      }

      @Override
      public Object buildObject(IExpressionContext context, String expressionObjectName) {
        return times;
      }

      @Override
      public boolean isCacheable(String expressionObjectName) {
        return true;
      }
    };
  }
}
