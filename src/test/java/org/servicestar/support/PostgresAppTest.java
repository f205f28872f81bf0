package org.servicestar.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The production set-up (profile {@code postgres}) on one embedded PostgreSQL 17 behind a real
 * port, for the failsafe ITs. Every class with this annotation shares one Spring context: Camunda's
 * webapps and REST API find engines by name in a JVM-wide registry, so two contexts in the failsafe
 * JVM would answer for each other (and the machine has two cores).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "postgres"})
@ContextConfiguration(initializers = SharedPostgres.class)
public @interface PostgresAppTest {
}
