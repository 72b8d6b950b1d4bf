package com.bnaura.quota.examples.clinic;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that decides the body of an error, for the controllers' handler, the filters,
 * Spring Security, the {@code /error} page and the servlet container's own refusals alike:
 *
 * <ul>
 *   <li>on the old system's endpoints ({@code /api/ai/analyze}, {@code /api/quota/*}) the old
 *       body, {@link ApiError} as {@code application/json}, which the old clients read;
 *   <li>everywhere else (the resource endpoints, {@code /api/me}, {@code /api/demo/users}, any
 *       other path) an RFC 9457 problem detail as {@code application/problem+json}: {@code type},
 *       {@code title}, {@code status}, {@code detail}, {@code instance}, and as extension members
 *       the same {@code code}, {@code field} and, on a 403 that is not the quota refusal, {@code
 *       "quotaExceeded": false}.
 * </ul>
 *
 * Also the one rule for quoting an input back in a message: at most the first {@value
 * #ECHO_LENGTH} characters.
 */
final class HttpErrors {

  /** The most characters of an input an error message repeats. */
  static final int ECHO_LENGTH = 64;

  /**
   * The longest path a problem detail names as its {@code instance}; every endpoint's path fits.
   */
  static final int MAX_INSTANCE_LENGTH = 160;

  /** The prefix of a problem's {@code type}: the stable code follows it. */
  static final String PROBLEM_TYPE_PREFIX = "urn:bnaura:quota:problem:";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private HttpErrors() {}

  /** The stable code of an error status the container or the framework answers. */
  static String codeOf(int status) {
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 406 -> "NOT_ACCEPTABLE";
      case 408 -> "REQUEST_TIMEOUT";
      case 411 -> "LENGTH_REQUIRED";
      case 413 -> "PAYLOAD_TOO_LARGE";
      case 414 -> "URI_TOO_LONG";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      case 417 -> "EXPECTATION_FAILED";
      case 431 -> "HEADERS_TOO_LARGE";
      case 503 -> "SERVICE_UNAVAILABLE";
      default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
    };
  }

  /** What a person reads for an error status the container or the framework answers. */
  static ErrorText messageOf(int status) {
    return switch (status) {
      case 400, 404, 405, 406, 408, 411, 413, 414, 415, 431, 503 ->
          ErrorText.of("error.status." + status);
      default -> ErrorText.of(status >= 500 ? "error.status.5xx" : "error.status.4xx");
    };
  }

  /**
   * The error of {@code code} at {@code field} (or {@code null}) saying {@code text} in the
   * request's language.
   */
  static ApiError error(HttpServletRequest request, String code, ErrorText text, String field) {
    return ApiError.of(code, text.render(Languages.of(request)), field);
  }

  /**
   * The status the container's own refusal is answered with: a request the container cannot
   * serve (an unknown method, a protocol version it does not speak) is the client's, a 4xx.
   */
  static int clientStatus(int status, boolean failed) {
    if (status == 501) {
      return 405;
    }
    if (status >= 500 && !failed && status != 503) {
      return 400;
    }
    return status;
  }

  /** The input, quoted, cut to its first {@value #ECHO_LENGTH} characters. */
  static String echo(Object input) {
    String text = String.valueOf(input);
    return "'" + (text.length() <= ECHO_LENGTH ? text
        : text.substring(0, ECHO_LENGTH) + "…") + "'";
  }

  /**
   * Cuts every single-quoted part of a message longer than {@value #ECHO_LENGTH} characters to
   * its first {@value #ECHO_LENGTH}: the quota engine quotes the ids it refuses, and an id may be
   * as long as the engine accepts.
   */
  static String shortenQuotes(String message) {
    if (message == null || message.length() <= ECHO_LENGTH) {
      return message;
    }
    StringBuilder out = new StringBuilder(Math.min(message.length(), 512));
    int i = 0;
    while (i < message.length()) {
      int open = message.indexOf('\'', i);
      int close = open < 0 ? -1 : message.indexOf('\'', open + 1);
      if (close < 0) {
        out.append(message, i, message.length());
        break;
      }
      out.append(message, i, open + 1);
      if (close - open - 1 > ECHO_LENGTH) {
        out.append(message, open + 1, open + 1 + ECHO_LENGTH).append('…');
      } else {
        out.append(message, open + 1, close);
      }
      out.append('\'');
      i = close + 1;
    }
    return out.toString();
  }

  /**
   * The path of the request within the app; for the error dispatch, the path of the request that
   * failed.
   */
  static String pathOf(HttpServletRequest request) {
    Object failed = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String uri = failed instanceof String original ? original : request.getRequestURI();
    if (uri == null) {
      return "";
    }
    String context = request.getContextPath();
    return context != null && !context.isEmpty() && uri.startsWith(context)
        ? uri.substring(context.length()) : uri;
  }

  /** Whether errors of this request keep the old system's body: it is one of its endpoints. */
  static boolean legacy(HttpServletRequest request) {
    return ContentTypeFilter.isLegacy(pathOf(request));
  }

  /**
   * The problem detail of an error: its code and field as extension members, {@code
   * "quotaExceeded": false} on a 403.
   */
  static ProblemDetail problem(String path, int status, ApiError error, Locale locale) {
    ProblemDetail problem = problem(path, status, error.code(), error.message(), locale);
    if (error.field() != null) {
      problem.setProperty("field", error.field());
    }
    if (status == 403) {
      problem.setProperty("quotaExceeded", false);
    }
    return problem;
  }

  /**
   * A problem detail with {@code type} {@code urn:bnaura:quota:problem:<code>}, a {@code title}
   * in {@code locale} (in English read from the code, {@code UNKNOWN_CLINIC}: "Unknown clinic";
   * in Thai from the message bundle, {@link ErrorText#title}), the message as {@code detail} and
   * the request's path as {@code instance} ({@link #instanceOf(String)}).
   */
  static ProblemDetail problem(String path, int status, String code, String detail,
      Locale locale) {
    ProblemDetail problem = ProblemDetail.forStatus(status);
    problem.setType(URI.create(PROBLEM_TYPE_PREFIX + code));
    problem.setTitle(ErrorText.title(code, locale, titleOf(code, status)));
    problem.setDetail(detail);
    problem.setInstance(instanceOf(path));
    problem.setProperty("code", code);
    return problem;
  }

  private static String titleOf(String code, int status) {
    if (code == null || code.isBlank()) {
      HttpStatus known = HttpStatus.resolve(status);
      return known == null ? "Error" : known.getReasonPhrase();
    }
    String words = code.replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /**
   * The path as a problem's {@code instance}: a segment longer than {@value #ECHO_LENGTH}
   * characters reads {@code …}, and a path still longer than {@value #MAX_INSTANCE_LENGTH} is cut
   * at a slash and ends in {@code /…}, so an error repeats no long input. Never {@code null}:
   * Spring would fill in the whole path.
   */
  static URI instanceOf(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return URI.create("/");
    }
    StringBuilder kept = new StringBuilder();
    for (String segment : path.substring(1).split("/", -1)) {
      kept.append('/').append(segment.length() > ECHO_LENGTH ? "…" : segment);
    }
    String instance = kept.toString();
    if (instance.length() > MAX_INSTANCE_LENGTH) {
      int slash = instance.lastIndexOf('/', MAX_INSTANCE_LENGTH);
      instance = instance.substring(0, Math.max(slash, 0)) + "/…";
    }
    try {
      // the path as the request sent it, percent-encoding and all
      return new URI(instance);
    } catch (URISyntaxException notAsSent) {
      try {
        // the multi-argument constructor quotes what a path may not hold as it is
        return new URI(null, null, instance, null);
      } catch (URISyntaxException e) {
        return URI.create("/");
      }
    }
  }

  /** The error as the answer of a controller: the body this request's path takes. */
  static ResponseEntity<Object> answer(HttpServletRequest request, int status, ApiError error) {
    return answer(request, ResponseEntity.status(status), status, error);
  }

  /** The error on the given builder, which may carry headers of its own. */
  static ResponseEntity<Object> answer(HttpServletRequest request,
      ResponseEntity.BodyBuilder response, int status, ApiError error) {
    if (legacy(request)) {
      return response.contentType(MediaType.APPLICATION_JSON).body(error.forStatus(status));
    }
    return response.contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem(pathOf(request), status, error, Languages.of(request)));
  }

  /** The error's body as JSON bytes, in the shape this request's path takes. */
  static byte[] bytes(HttpServletRequest request, int status, ApiError error) {
    return legacy(request) ? bytes(error.forStatus(status))
        : JSON.writeValueAsBytes(members(problem(pathOf(request), status, error,
            Languages.of(request))));
  }

  /** The media type of this request's errors. */
  static String mediaType(HttpServletRequest request) {
    return legacy(request) ? MediaType.APPLICATION_JSON_VALUE
        : MediaType.APPLICATION_PROBLEM_JSON_VALUE;
  }

  /** A problem detail's members as RFC 9457 writes them: the extensions beside the standard. */
  static Map<String, Object> members(ProblemDetail problem) {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("type", problem.getType().toString());
    members.put("title", problem.getTitle());
    members.put("status", problem.getStatus());
    if (problem.getDetail() != null) {
      members.put("detail", problem.getDetail());
    }
    if (problem.getInstance() != null) {
      members.put("instance", problem.getInstance().toString());
    }
    if (problem.getProperties() != null) {
      members.putAll(problem.getProperties());
    }
    return members;
  }

  /**
   * Writes the error as the response, in the shape this request's path takes, replacing
   * anything not yet committed.
   */
  static void write(HttpServletRequest request, HttpServletResponse response, int status,
      ApiError error) throws IOException {
    byte[] body = bytes(request, status, error);
    response.setStatus(status);
    response.setContentType(mediaType(request));
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(body.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(body);
    }
  }

  /** The error as JSON bytes. */
  static byte[] bytes(ApiError error) {
    return JSON.writeValueAsBytes(error);
  }
}
