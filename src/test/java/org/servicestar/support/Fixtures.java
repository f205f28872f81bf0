package org.servicestar.support;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test fixtures on the test classpath. */
public final class Fixtures {

  private Fixtures() {
  }

  /** The folder of a deployable fixture process (FixtureUnitTask) and its form. */
  public static Path deployFolder() {
    return folder("fixtures/deploy");
  }

  public static Path folder(String name) {
    try {
      return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
