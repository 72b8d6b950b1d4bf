package com.bnaura.quota.examples.clinic;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets an API request through only with the credential of a demo user: {@code Authorization:
 * Bearer <token>} or {@code X-API-Key: <token>}. Anything else under {@code /api/} gets 401 with
 * code {@code UNAUTHENTICATED}; the dashboard's pages, {@code /api/demo/users}, the OpenAPI
 * document and the health check are open.
 */
@Component
class CredentialFilter extends OncePerRequestFilter {

  private final DemoProperties demo;

  CredentialFilter(DemoProperties demo) {
    this.demo = demo;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !path.startsWith("/api/") || path.startsWith("/api/demo/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String token = token(request);
    DemoProperties.User user = token == null ? null : userOf(token);
    if (user == null) {
      response.setHeader("WWW-Authenticate", "Bearer");
      HttpErrors.write(response, 401, ApiError.of("UNAUTHENTICATED", token == null
          ? "send a demo user's token as 'Authorization: Bearer <token>' or 'X-API-Key'"
          : "the token belongs to no user", "Authorization"));
      return;
    }
    request.setAttribute(Caller.ATTRIBUTE, new Caller(user));
    chain.doFilter(request, response);
  }

  private static String token(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    String apiKey = request.getHeader("X-API-Key");
    return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
  }

  private DemoProperties.User userOf(String token) {
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    DemoProperties.User found = null;
    for (DemoProperties.User user : demo.users()) {
      if (user.token() != null
          && MessageDigest.isEqual(given, user.token().getBytes(StandardCharsets.UTF_8))) {
        found = user;
      }
    }
    return found;
  }
}
