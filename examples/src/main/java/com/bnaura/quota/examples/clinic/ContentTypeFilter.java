package com.bnaura.quota.examples.clinic;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a request's media types before anything reads the body:
 *
 * <ul>
 *   <li>an API request whose {@code Accept} does not allow {@code application/json} is a 406
 *       {@code NOT_ACCEPTABLE} before it is carried out; a statement download ({@code
 *       .../statement.csv}) may ask for {@code text/csv} instead;
 *   <li>one that is not a single concrete media type ({@code *}{@code /*}, {@code text/*},
 *       garbage) or names an unknown charset is a 415 {@code UNSUPPORTED_MEDIA_TYPE}, and so is
 *       any body but JSON sent to the API: a form or multipart body is never parsed;
 *   <li>on the old endpoints, {@code /api/ai/analyze} and {@code /api/quota/*}, a body sent as
 *       {@code text/plain} (the old system's {@code fetch} calls do, with any charset) is read
 *       exactly as {@code application/json} with the same parameters. The resource endpoints
 *       keep answering 415 to anything but JSON.
 * </ul>
 */
final class ContentTypeFilter extends OncePerRequestFilter {

  private static final MediaType CSV = MediaType.parseMediaType("text/csv");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith("/api/") && !acceptsJson(request.getHeader("Accept"))
        && !(isCsv(path) && accepts(request.getHeader("Accept"), CSV))) {
      HttpErrors.write(request, response, 406, HttpErrors.error(request, "NOT_ACCEPTABLE",
          ErrorText.of("error.accept"), "Accept"));
      return;
    }
    String contentType = request.getContentType();
    if (contentType == null) {
      chain.doFilter(request, response);
      return;
    }
    MediaType type = concrete(contentType);
    if (type == null) {
      HttpErrors.write(request, response, 415, HttpErrors.error(request,
          "UNSUPPORTED_MEDIA_TYPE", ErrorText.of("error.content_type"), "Content-Type"));
      return;
    }
    boolean textPlain = type.getType().equals("text") && type.getSubtype().equals("plain");
    if (isLegacy(path) && textPlain) {
      int semicolon = contentType.indexOf(';');
      String json = "application/json" + (semicolon < 0 ? "" : contentType.substring(semicolon));
      chain.doFilter(new AsJson(request, json), response);
      return;
    }
    if (path.startsWith("/api/") && hasBody(request)
        && !type.isCompatibleWith(MediaType.APPLICATION_JSON)
        && !"json".equals(type.getSubtypeSuffix())) {
      // the API reads JSON only; a form or multipart body is never parsed by the container
      HttpErrors.write(request, response, 415, HttpErrors.error(request,
          "UNSUPPORTED_MEDIA_TYPE", HttpErrors.messageOf(415), "Content-Type"));
      return;
    }
    chain.doFilter(request, response);
  }

  /**
   * Whether an {@code Accept} header allows a JSON answer: absent, or naming {@code
   * application/json} or a wildcard that covers it. Refusing the others up front means a write
   * is never carried out only for its answer to be refused.
   */
  static boolean acceptsJson(String accept) {
    return accepts(accept, MediaType.APPLICATION_JSON);
  }

  /** Whether an {@code Accept} header allows {@code answer}: absent, naming it or covering it. */
  private static boolean accepts(String accept, MediaType answer) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    try {
      for (MediaType type : MediaType.parseMediaTypes(accept)) {
        if (type.getQualityValue() > 0 && type.includes(answer)) {
          return true;
        }
      }
      return false;
    } catch (IllegalArgumentException e) { // InvalidMediaTypeException among them
      return false;
    }
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  /** Whether the path is a CSV download, which answers {@code text/csv} (or a JSON error). */
  static boolean isCsv(String path) {
    return path.startsWith("/api/clinics/") && path.endsWith("/statement.csv");
  }

  /** Whether the path is one of the old system's endpoints. */
  static boolean isLegacy(String path) {
    return path.equals("/api/ai/analyze") || path.startsWith("/api/quota/");
  }

  /** The media type, or {@code null} if it is malformed, a wildcard or of an unknown charset. */
  private static MediaType concrete(String contentType) {
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      if (type.isWildcardType() || type.isWildcardSubtype()) {
        return null;
      }
      String charset = type.getParameter("charset");
      if (charset != null) {
        String name = charset.startsWith("\"") && charset.endsWith("\"") && charset.length() > 1
            ? charset.substring(1, charset.length() - 1) : charset;
        if (!Charset.isSupported(name)) {
          return null;
        }
      }
      return type;
    } catch (IllegalArgumentException e) { // InvalidMediaTypeException among them
      return null;
    }
  }

  private static final class AsJson extends HttpServletRequestWrapper {
    private final String json;

    AsJson(HttpServletRequest request, String json) {
      super(request);
      this.json = json;
    }

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
      return "Content-Type".equalsIgnoreCase(name) ? Collections.enumeration(List.of(json))
          : super.getHeaders(name);
    }
  }
}
