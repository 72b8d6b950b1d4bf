package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.spring.autoconfigure.QuotaEndpoint;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Who may call the API (Spring Security): every {@code /api/} request but {@code /api/demo/users}
 * needs a configured user's token ({@link BearerTokens}); the Actuator endpoint {@code quota}
 * ({@code /actuator/quota}: cache statistics, a clinic's status, the cache reset) needs the admin's;
 * the dashboard's static files, the OpenAPI document and Swagger UI, and the health check are open. Stateless: no session, no
 * cookie, so no CSRF token either (a browser never sends the token on its own).
 *
 * <p>The refusals keep the app's bodies ({@link HttpErrors}): no token is a 401 {@code
 * UNAUTHENTICATED} with {@code WWW-Authenticate: Bearer}, a token of no user a 401 {@code
 * UNAUTHENTICATED} naming {@code Authorization}, a role Spring Security refuses a 403 {@code
 * ROLE_NOT_ALLOWED} with {@code "quotaExceeded": false}, and a request its firewall rejects a
 * 400 {@code BAD_REQUEST}. What each role may do on a clinic is checked by {@link Caller}, with
 * the same 403.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http, AuthenticationManager tokens) {
    AuthenticationFilter bearer = new AuthenticationFilter(tokens, BearerTokens.converter());
    bearer.setRequestMatcher(new OrRequestMatcher(
        PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
        EndpointRequest.to(QuotaEndpoint.class)));
    // on success the request goes on down the chain; no redirect, nothing saved
    bearer.setSuccessHandler((request, response, authentication) -> { });
    bearer.setFailureHandler(badToken());
    http
        .csrf(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(session -> session
            .sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(bearer, BasicAuthenticationFilter.class)
        .authorizeHttpRequests(requests -> requests
            .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll()
            .requestMatchers("/api/demo/users").permitAll()
            .requestMatchers(EndpointRequest.to(QuotaEndpoint.class)).hasRole(Role.ADMIN.name())
            .requestMatchers("/api/**").authenticated()
            .anyRequest().permitAll())
        .exceptionHandling(errors -> errors
            .authenticationEntryPoint(noToken())
            .accessDeniedHandler(roleNotAllowed()));
    return http.build();
  }

  /**
   * The users' tokens as Spring Security's one authentication manager; being a bean, it also
   * keeps Spring Boot from creating its default user with a generated password.
   */
  @Bean
  AuthenticationManager tokenAuthentication(DemoProperties demo) {
    ProviderManager manager = new ProviderManager(BearerTokens.provider(demo));
    manager.setEraseCredentialsAfterAuthentication(true);
    return manager;
  }

  /**
   * The firewall Spring Security puts ahead of everything: its checks, but any method is let
   * through so that an unknown one is the 405 {@code METHOD_NOT_ALLOWED} the API answers.
   */
  @Bean
  HttpFirewall httpFirewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setUnsafeAllowAnyHttpMethod(true);
    return firewall;
  }

  /** A request the firewall rejects (an encoded slash or dot, a control character): a 400. */
  @Bean
  RequestRejectedHandler rejectedRequests() {
    return (request, response, rejected) -> HttpErrors.write(request, response, 400,
        HttpErrors.error(request, "BAD_REQUEST", HttpErrors.messageOf(400), null));
  }

  private static AuthenticationEntryPoint noToken() {
    return (request, response, e) -> {
      response.setHeader("WWW-Authenticate", "Bearer");
      HttpErrors.write(request, response, 401, HttpErrors.error(request, "UNAUTHENTICATED",
          ErrorText.of("error.auth.no_token"), "Authorization"));
    };
  }

  private static AuthenticationFailureHandler badToken() {
    return (request, response, e) -> {
      response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      HttpErrors.write(request, response, 401, HttpErrors.error(request, "UNAUTHENTICATED",
          ErrorText.of("error.auth.bad_token"), "Authorization"));
    };
  }

  private static AccessDeniedHandler roleNotAllowed() {
    return (request, response, e) -> HttpErrors.write(request, response, 403,
        HttpErrors.error(request, "ROLE_NOT_ALLOWED", ErrorText.of("error.auth.role"), null));
  }
}
