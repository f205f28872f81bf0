package org.servicestar.coverage;

import java.util.Comparator;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The test classes in JUnit's own order, except {@link DiagramCoverageProcessTest}, which runs last: it reads what
 * the process tests before it walked ({@code junit-platform.properties}).
 */
public class CoverageCheckLast implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    context.getClassDescriptors().sort(Comparator.comparing(d -> d.getTestClass() == DiagramCoverageProcessTest.class));
  }
}
