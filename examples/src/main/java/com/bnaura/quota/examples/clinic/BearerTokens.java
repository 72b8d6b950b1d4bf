package com.bnaura.quota.examples.clinic;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * The app's credentials: a configured user's token, sent as {@code Authorization: Bearer <token>}
 * or {@code X-API-Key: <token>}. {@link #converter()} reads the token of a request and {@link
 * #provider(DemoProperties)} finds its user; the authenticated principal is the {@link
 * DemoProperties.User}, with the authority {@code ROLE_<role>}.
 */
final class BearerTokens {

  private BearerTokens() {}

  /**
   * Reads the token of a request: an unauthenticated {@link PreAuthenticatedAuthenticationToken}
   * whose credentials are the token, or {@code null} when the request carries none.
   */
  static AuthenticationConverter converter() {
    return request -> {
      String token = token(request);
      return token == null ? null : new PreAuthenticatedAuthenticationToken("bearer", token);
    };
  }

  /** The token of the request, or {@code null}. */
  static String token(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = authorization.substring(7).trim();
      return token.isEmpty() ? null : token;
    }
    String apiKey = request.getHeader("X-API-Key");
    return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
  }

  /**
   * Authenticates a token read by {@link #converter()} against the configured users, comparing
   * in constant time; an unknown token is a {@link BadCredentialsException}.
   */
  static AuthenticationProvider provider(DemoProperties demo) {
    return new AuthenticationProvider() {
      @Override
      public Authentication authenticate(Authentication authentication) {
        byte[] given = String.valueOf(authentication.getCredentials())
            .getBytes(StandardCharsets.UTF_8);
        DemoProperties.User found = null;
        for (DemoProperties.User user : demo.users()) {
          // every user is compared, so the time taken does not tell which token came close
          if (user.token() != null
              && MessageDigest.isEqual(given, user.token().getBytes(StandardCharsets.UTF_8))) {
            found = user;
          }
        }
        if (found == null) {
          throw new BadCredentialsException("the token belongs to no user");
        }
        return new PreAuthenticatedAuthenticationToken(found, null,
            List.of(new SimpleGrantedAuthority("ROLE_" + found.role().name())));
      }

      @Override
      public boolean supports(Class<?> authentication) {
        return PreAuthenticatedAuthenticationToken.class.isAssignableFrom(authentication);
      }
    };
  }
}
