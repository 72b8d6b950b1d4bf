package com.bnaura.quota.examples.clinic;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a body the old clients send as {@code text/plain} (the old system's {@code fetch} calls
 * do, with any charset) on the old endpoints, {@code /api/ai/analyze} and {@code /api/quota/*},
 * exactly as {@code application/json} with the same parameters. The resource endpoints keep
 * answering 415 to anything but JSON.
 */
final class LegacyContentTypeFilter extends OncePerRequestFilter {

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !isLegacy(path) || !isTextPlain(request.getContentType());
  }

  /** Whether the path is one of the old system's endpoints. */
  static boolean isLegacy(String path) {
    return path.equals("/api/ai/analyze") || path.startsWith("/api/quota/");
  }

  private static boolean isTextPlain(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return type.toLowerCase(Locale.ROOT).equals("text/plain");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String original = request.getContentType();
    String json = "application/json" + original.substring(indexAfterType(original));
    chain.doFilter(new HttpServletRequestWrapper(request) {
      @Override
      public String getContentType() {
        return json;
      }

      @Override
      public String getHeader(String name) {
        return "Content-Type".equalsIgnoreCase(name) ? json : super.getHeader(name);
      }

      @Override
      public Enumeration<String> getHeaders(String name) {
        return "Content-Type".equalsIgnoreCase(name) ? Collections.enumeration(
            List.of(json)) : super.getHeaders(name);
      }
    }, response);
  }

  /** Where the parameters ({@code ;charset=...}) of the content type begin, or its end. */
  private static int indexAfterType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return semicolon < 0 ? contentType.length() : semicolon;
  }
}
