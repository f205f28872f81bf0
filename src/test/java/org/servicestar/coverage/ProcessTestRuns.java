package org.servicestar.coverage;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Which test classes finished in this JVM (registered in {@code META-INF/services}), so that
 * {@link DiagramCoverageProcessTest} knows whether every process test has walked its diagram before it reads the
 * coverage, and runs the ones that have not.
 */
public class ProcessTestRuns implements TestExecutionListener {

  private static final Set<String> FINISHED = ConcurrentHashMap.newKeySet();

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    identifier.getSource().filter(ClassSource.class::isInstance).map(ClassSource.class::cast)
        .ifPresent(source -> FINISHED.add(source.getClassName()));
  }

  static boolean finished(Class<?> testClass) {
    return FINISHED.contains(testClass.getName());
  }
}
