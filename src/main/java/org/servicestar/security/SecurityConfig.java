package org.servicestar.security;

import static org.springframework.security.web.util.matcher.AntPathRequestMatcher.antMatcher;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One login for everything: the app's pages, Tasklist, Cockpit, Admin and the REST API.
 *
 * <p>Spring Security authenticates (form login for browsers, HTTP basic for {@code /engine-rest},
 * which Camunda Modeler uses) against Camunda's identity service. Camunda's container-based
 * filters then take the user from the request's principal, so the webapps and the REST API apply
 * Camunda's authorizations to the same person. Logging out of either side ends both.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfig {

  static final String WEBAPP = "/camunda";
  private static final String CAMUNDA_LOGOUT = WEBAPP + "/api/admin/auth/user/*/logout";

  static final String[] PUBLIC_PAGES = {
      "/login", "/css/**", "/js/**", "/img/**", "/favicon.ico", "/error",
      "/api/units", "/rate/**", "/publicity/**", "/results/**", "/commitments",
      "/actuator/health", "/actuator/health/**"};

  /** The public's JSON intake: anonymous (rating pads authenticate with their device key inside). */
  static final RequestMatcher PUBLIC_INTAKE = new OrRequestMatcher(
      antMatcher(HttpMethod.POST, "/api/complaints"),
      antMatcher(HttpMethod.POST, "/api/ratings"),
      antMatcher(HttpMethod.POST, "/api/ratings/batch"),
      antMatcher(HttpMethod.POST, "/rate/**"),
      antMatcher(HttpMethod.POST, "/publicity/*/objections"));

  @Bean
  AuthenticationManager authenticationManager(CamundaIdentityAuthenticationProvider provider) {
    return new ProviderManager(provider);
  }

  /** The REST API: stateless HTTP basic, for Camunda Modeler and integrations. */
  @Bean
  @Order(1)
  SecurityFilterChain engineRest(HttpSecurity http) throws Exception {
    // Ant matchers throughout: /engine-rest and /camunda/api are Jersey servlets, which Spring MVC's
    // path matching would not see.
    http.securityMatcher(antMatcher("/engine-rest/**"))
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .httpBasic(b -> b.realmName("ServiceStar").authenticationEntryPoint(basicEntryPoint()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        // No cookies are accepted here, so there is no session to forge a request with.
        .csrf(c -> c.disable())
        .headers(SecurityConfig::commonHeaders);
    return http.build();
  }

  /** Browsers: the app's pages and Camunda's webapps. */
  @Bean
  @Order(2)
  SecurityFilterChain browser(HttpSecurity http) throws Exception {
    RequestMatcher camundaApi = antMatcher(WEBAPP + "/api/**");
    RequestMatcher camundaLogout = antMatcher(HttpMethod.POST, CAMUNDA_LOGOUT);
    http.authorizeHttpRequests(a -> a
            .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
            .requestMatchers(ant(PUBLIC_PAGES)).permitAll()
            .requestMatchers(PUBLIC_INTAKE).permitAll()
            .requestMatchers(ant(WEBAPP + "/app/cockpit/**", WEBAPP + "/app/admin/**", WEBAPP + "/api/cockpit/**",
                WEBAPP + "/api/admin/plugin/**")).access(Access.url(Access::administers))
            .requestMatchers(ant("/admin/**")).access(Access.url(Access::administers))
            // People log in through /login only: Camunda's own login would check passwords past LoginThrottle.
            .requestMatchers(antMatcher(HttpMethod.POST, WEBAPP + "/api/admin/auth/user/*/login/**")).denyAll()
            .anyRequest().authenticated())
        .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false).failureHandler(loginFailure()).permitAll())
        .logout(l -> l
            .logoutRequestMatcher(new OrRequestMatcher(antMatcher(HttpMethod.POST, "/logout"), camundaLogout))
            .defaultLogoutSuccessHandlerFor(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.OK), camundaLogout)
            .defaultLogoutSuccessHandlerFor(loginPageAfterLogout(), antMatcher("/**"))
            .invalidateHttpSession(true)
            .deleteCookies("JSESSIONID"))
        // Camunda's webapps answer 401 to their own API calls; their front end then sends the
        // browser to our login page (see the custom script in webjars/camunda/app/*/scripts).
        .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint(camundaApi)))
        // Camunda's API has its own CSRF protection (CsrfPreventionFilter, XSRF-TOKEN header); the
        // public intake takes no session, so there is nothing to forge.
        .csrf(c -> c.ignoringRequestMatchers(camundaApi, PUBLIC_INTAKE))
        .headers(h -> {
          commonHeaders(h);
          // Camunda's webapps send their own policy (camunda.bpm.webapp.header-security), which Tasklist's forms need.
          h.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(antMatcher(WEBAPP + "/**")),
              new ContentSecurityPolicyHeaderWriter(PAGES_POLICY)));
        });
    return http.build();
  }

  /**
   * The app's pages: scripts from our own files only (no inline script, so injected markup cannot
   * run), inline styles allowed (the templates use style attributes), framed only by ourselves.
   */
  static final String PAGES_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

  /**
   * Every answer: no MIME sniffing (Spring's default), framed by our own pages only, no addresses
   * of records in the Referer sent elsewhere, and HSTS when the request came over TLS (directly or
   * through a proxy's X-Forwarded-Proto: server.forward-headers-strategy).
   */
  private static void commonHeaders(HeadersConfigurer<HttpSecurity> h) {
    h.frameOptions(f -> f.sameOrigin())
        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
        .httpStrictTransportSecurity(s -> s.includeSubDomains(true).maxAgeInSeconds(31_536_000));
  }

  /** A throttled login goes back to the login page with its own message, not "wrong password". */
  private static AuthenticationFailureHandler loginFailure() {
    SimpleUrlAuthenticationFailureHandler wrong = new SimpleUrlAuthenticationFailureHandler("/login?error");
    SimpleUrlAuthenticationFailureHandler throttled = new SimpleUrlAuthenticationFailureHandler("/login?locked");
    return (request, response, exception) -> (exception instanceof LoginThrottled ? throttled : wrong)
        .onAuthenticationFailure(request, response, exception);
  }

  /** HTTP basic: 401 with the challenge for a wrong password, 429 with the reason when throttled. */
  private static AuthenticationEntryPoint basicEntryPoint() {
    BasicAuthenticationEntryPoint challenge = new BasicAuthenticationEntryPoint();
    challenge.setRealmName("ServiceStar");
    return (request, response, exception) -> {
      if (exception instanceof LoginThrottled) {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"status\":429,\"error\":\"" + exception.getMessage() + "\"}");
      } else {
        challenge.commence(request, response, exception);
      }
    };
  }

  /** APIs answer 401; pages send the browser to the login page, whatever its Accept header. */
  private static AuthenticationEntryPoint entryPoint(RequestMatcher camundaApi) {
    LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> byPath = new LinkedHashMap<>();
    byPath.put(new OrRequestMatcher(camundaApi, antMatcher("/api/**")), new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED));
    DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(byPath);
    entryPoint.setDefaultEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"));
    return entryPoint;
  }

  private static RequestMatcher[] ant(String... patterns) {
    return java.util.Arrays.stream(patterns).map(p -> antMatcher(p)).toArray(RequestMatcher[]::new);
  }

  private static SimpleUrlLogoutSuccessHandler loginPageAfterLogout() {
    SimpleUrlLogoutSuccessHandler handler = new SimpleUrlLogoutSuccessHandler();
    handler.setDefaultTargetUrl("/login?logout");
    return handler;
  }

  /** Tasklist, Cockpit and Admin take the logged-in user from the request's principal. */
  @Bean
  FilterRegistrationBean<Filter> webappContainerAuthentication() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ContainerBasedAuthenticationFilter());
    registration.setName("servicestar-webapp-sso");
    registration.setInitParameters(Map.of(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider.class.getName()));
    registration.addUrlPatterns(WEBAPP + "/app/*", WEBAPP + "/api/*");
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    // After Spring Security's chain, so the principal is there.
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
    return registration;
  }

  /** {@code /engine-rest} applies Camunda's authorizations to the user Spring Security authenticated. */
  @Bean
  FilterRegistrationBean<Filter> engineRestAuthentication() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("servicestar-engine-rest-auth");
    registration.setInitParameters(Map.of(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM, ContainerBasedAuthenticationProvider.class.getName(),
        ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, "/engine-rest"));
    registration.addUrlPatterns("/engine-rest/*");
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
    return registration;
  }
}
