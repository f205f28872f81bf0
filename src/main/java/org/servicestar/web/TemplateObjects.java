package org.servicestar.web;

import java.util.Set;

import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IExpressionObjectDialect;
import org.thymeleaf.expression.IExpressionObjectFactory;

/**
 * One {@code #name} object in every template (Spring Boot adds every dialect bean to the template
 * engine): {@code #times}, {@code #actors}, {@code #units}. The object is made once per rendering, so
 * it may remember what it looked up while one page is written.
 */
public abstract class TemplateObjects extends AbstractDialect implements IExpressionObjectDialect {

  private final String objectName;

  protected TemplateObjects(String objectName) {
    super("servicestar-" + objectName);
    this.objectName = objectName;
  }

  /** The object a template calls {@code #name}, new for each rendering. */
  protected abstract Object perRendering();

  @Override
  public IExpressionObjectFactory getExpressionObjectFactory() {
    return new IExpressionObjectFactory() {
      @Override
      public Set<String> getAllExpressionObjectNames() {
        return Set.of(objectName);
      }

      @Override
      public Object buildObject(IExpressionContext context, String expressionObjectName) {
        return perRendering();
      }

      @Override
      public boolean isCacheable(String expressionObjectName) {
        return true;
      }
    };
  }
}
