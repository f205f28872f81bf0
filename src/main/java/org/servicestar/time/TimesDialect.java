package org.servicestar.time;

import java.util.Set;

import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;

/** {@code #times} in every template (Spring Boot adds every dialect bean to the template engine). */
final class TimesDialect extends AbstractDialect implements IExpressionObjectDialect {

  private final Times times;

  TimesDialect(Times times) {
    super("servicestar-times");
    this.times = times;
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
