package org.servicestar.web;

import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * Registers {@link EngineRestErrors}' mappers in every Jersey application of the app: {@code /engine-rest}
 * (where Spring's customizer registers them too) and Camunda's webapp API under
 * {@code /camunda/api/engine}, which Tasklist uses and which Camunda builds without Spring. Listed in
 * {@code META-INF/services/org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable}.
 */
public class EngineApiErrors implements ForcedAutoDiscoverable {

  @Override
  public void configure(FeatureContext context) {
    if (!context.getConfiguration().isRegistered(EngineRestErrors.EngineExceptions.class)) {
      context.register(EngineRestErrors.EngineExceptions.class);
    }
    if (!context.getConfiguration().isRegistered(EngineRestErrors.RestExceptions.class)) {
      context.register(EngineRestErrors.RestExceptions.class);
    }
    if (!context.getConfiguration().isRegistered(EngineRestErrors.OtherExceptions.class)) {
      context.register(EngineRestErrors.OtherExceptions.class);
    }
  }
}
