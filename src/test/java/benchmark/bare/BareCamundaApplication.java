package benchmark.bare;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * StartupBenchmark's comparison: Spring Boot with the same classpath and Camunda's starters (engine,
 * webapps, REST), and none of ServiceStar's beans, migrations or diagrams. Outside {@code org.servicestar}
 * so that the app's component scan never finds it.
 */
@SpringBootApplication
public class BareCamundaApplication {
}
