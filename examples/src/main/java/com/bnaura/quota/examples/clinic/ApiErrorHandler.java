package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.Refused;
import com.bnaura.quota.gemini.GeminiException;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every failure into a JSON error with a stable code and, where there is one, the field at
 * fault: the old body on the old system's endpoints, an RFC 9457 problem detail on every other
 * ({@link HttpErrors}). Every answer is JSON whatever the request's {@code Accept} says, and
 * repeats at most a short prefix of any input. A failing store is a 503 that says so, never a
 * grant or a refusal.
 */
@RestControllerAdvice
class ApiErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Object> api(ApiException e, HttpServletRequest request) {
    return error(request, e.status(), ApiError.of(e.code(),
        HttpErrors.shortenQuotes(e.getMessage()), e.field()));
  }

  @ExceptionHandler(QuotaRefusedException.class)
  ResponseEntity<Object> refused(QuotaRefusedException e, HttpServletRequest request) {
    if (HttpErrors.legacy(request)) {
      ResponseEntity<Map<String, Object>> old = refusal(e.refused());
      return ResponseEntity.status(old.getStatusCode()).headers(old.getHeaders())
          .body(old.getBody());
    }
    Refused refused = e.refused();
    ResponseEntity.BodyBuilder response = ResponseEntity.status(refused.code().httpStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    retryAfter(refused, response);
    return response.body(problem(HttpErrors.pathOf(request), refused, Languages.of(request)));
  }

  /**
   * The old body of a refusal of the quota service, with the shortfall of a QUOTA_EXCEEDED, as
   * the old system's endpoints answer it.
   */
  static ResponseEntity<Map<String, Object>> refusal(Refused refused) {
    ResponseEntity.BodyBuilder response = ResponseEntity.status(refused.code().httpStatus())
        .contentType(MediaType.APPLICATION_JSON);
    retryAfter(refused, response);
    return response.body(JsonViews.refusal(refused));
  }

  /**
   * A refusal of the quota service as a problem detail: the {@code detail} is the refusal in
   * {@code locale} (rendered from its message code), and the members of the old body but {@code
   * success} and {@code message} are extension members, the shortfall of a QUOTA_EXCEEDED among
   * them.
   */
  static ProblemDetail problem(String path, Refused refused, Locale locale) {
    Map<String, Object> members = JsonViews.refusal(refused);
    members.remove("success");
    members.remove("message");
    ProblemDetail problem = HttpErrors.problem(path, refused.code().httpStatus(),
        refused.code().name(), HttpErrors.shortenQuotes(refused.message(locale)));
    members.remove("code");
    members.forEach(problem::setProperty);
    return problem;
  }

  private static void retryAfter(Refused refused, ResponseEntity.BodyBuilder response) {
    refused.retryAfter().ifPresent(wait ->
        response.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Object> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BodyLimitFilter.BodyTooLargeException tooLarge) {
        return tooLarge(request, tooLarge.limit());
      }
    }
    JacksonException json = jacksonCause(e);
    String field = json == null ? null : fieldOf(json);
    String at = field == null ? "body" : field;
    String message;
    if (json instanceof BoundedJson.OutOfBounds bound) {
      message = at + " " + bound.getOriginalMessage();
    } else if (json instanceof StreamConstraintsException limit) {
      String what = limit.getOriginalMessage() == null ? "" : limit.getOriginalMessage();
      if (what.startsWith("Document length")) {
        return tooLarge(request, -1);
      }
      message = at + " " + constraintOf(what);
    } else if (json instanceof MismatchedInputException mismatch && field != null) {
      message = field + " " + expected(mismatch.getTargetType());
    } else if (field != null) {
      message = "the field " + field + " has the wrong type or format";
    } else {
      message = "the request body is missing or is not valid JSON";
    }
    return error(request, 400, ApiError.of("INVALID_ARGUMENT", message, at));
  }

  private static ResponseEntity<Object> tooLarge(HttpServletRequest request, long limit) {
    return HttpErrors.answer(request, ResponseEntity.status(413).header("Connection", "close"),
        413, ApiError.of("PAYLOAD_TOO_LARGE", limit > 0
            ? "the request body is larger than the " + limit + " bytes allowed"
            : "the request body is larger than allowed", "body"));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<Object> missingParameter(MissingServletRequestParameterException e,
      HttpServletRequest request) {
    return error(request, 400, ApiError.of("INVALID_ARGUMENT",
        "the query parameter " + e.getParameterName() + " is required", e.getParameterName()));
  }

  @ExceptionHandler(MissingRequestHeaderException.class)
  ResponseEntity<Object> missingHeader(MissingRequestHeaderException e,
      HttpServletRequest request) {
    return error(request, 400, ApiError.of("INVALID_ARGUMENT",
        "the header " + e.getHeaderName() + " is required", e.getHeaderName()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> mismatch(MethodArgumentTypeMismatchException e,
      HttpServletRequest request) {
    return error(request, 400, ApiError.of("INVALID_ARGUMENT",
        e.getName() + " has the wrong type or format", e.getName()));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Object> method(HttpRequestMethodNotSupportedException e,
      HttpServletRequest request) {
    return error(request, 405, ApiError.of("METHOD_NOT_ALLOWED",
        HttpErrors.echo(e.getMethod()) + " is not supported here", null));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Object> mediaType(HttpMediaTypeNotSupportedException e,
      HttpServletRequest request) {
    return error(request, 415, ApiError.of("UNSUPPORTED_MEDIA_TYPE",
        "send the body as application/json", "Content-Type"));
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<Object> notAcceptable(HttpMediaTypeNotAcceptableException e,
      HttpServletRequest request) {
    return error(request, 406, ApiError.of("NOT_ACCEPTABLE",
        "answers are application/json; accept it", "Accept"));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<Object> notFound(NoResourceFoundException e, HttpServletRequest request) {
    return error(request, 404, ApiError.of("NOT_FOUND",
        "no endpoint " + HttpErrors.echo(e.getResourcePath()), null));
  }

  @ExceptionHandler(GeminiException.class)
  ResponseEntity<Object> gemini(GeminiException e, HttpServletRequest request) {
    log.warn("analysis failed, nothing charged: {}", e.getMessage());
    return error(request, 502, ApiError.of("AI_UNAVAILABLE",
        "the AI call failed (" + e.reason() + "); nothing was charged", null));
  }

  @ExceptionHandler(QuotaStoreException.class)
  ResponseEntity<Object> store(QuotaStoreException e, HttpServletRequest request) {
    log.error("quota store failed during {}", e.operation(), e);
    return error(request, 503, ApiError.of("STORE_UNAVAILABLE",
        "the quota store failed during " + e.operation()
            + "; nothing is known to have changed, retry with the same Idempotency-Key", null));
  }

  /** A query string or form body the container could not decode (bad percent-encoding, ...). */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<Object> badParameters(InvalidParameterException e, HttpServletRequest request) {
    int status = ContainerErrors.parameterStatus(e);
    return error(request, status, ApiError.of(HttpErrors.codeOf(status), status == 400
        ? "the query string or form body is malformed (such as a bad percent-encoding)"
        : HttpErrors.messageOf(status), "query"));
  }

  /**
   * Any other failure: a refusal of the framework's own (a bad header, a missing path part) is
   * its 4xx; anything else is a 500 that names nothing of the request.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
    if (e instanceof ErrorResponse refusal && refusal.getStatusCode().is4xxClientError()) {
      int status = refusal.getStatusCode().value();
      return error(request, status, ApiError.of(HttpErrors.codeOf(status),
          HttpErrors.messageOf(status), null));
    }
    log.error("request failed", e);
    return error(request, 500, ApiError.of("INTERNAL_ERROR",
        "the request failed unexpectedly; see the server log", null));
  }

  /** The error as a JSON answer of the status, whatever the request accepts. */
  static ResponseEntity<Object> error(HttpServletRequest request, int status, ApiError error) {
    return HttpErrors.answer(request, status, error);
  }

  private static JacksonException jacksonCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JacksonException json) {
        return json;
      }
    }
    return null;
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "has the wrong type or format";
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class
        || type == BigInteger.class) {
      return "must be a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "must be true or false";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == BigDecimal.class) {
      return "must be a number";
    }
    if (type == String.class) {
      return "must be a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "must be an array";
    }
    return "must be an object";
  }

  /** {@code /facialMetrics/volumeLoss/3} as {@code facialMetrics.volumeLoss[3]}. */
  private static String fieldOf(String pointer) {
    StringBuilder path = new StringBuilder();
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.chars().allMatch(Character::isDigit) && !path.isEmpty()) {
        path.append('[').append(part).append(']');
      } else {
        path.append(path.isEmpty() ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
      }
    }
    return path.isEmpty() ? null : path.toString();
  }

  private static String constraintOf(String jacksonMessage) {
    if (jacksonMessage.startsWith("Number value length")) {
      return "holds a number of more than " + JsonConfiguration.MAX_NUMBER_LENGTH
          + " characters";
    }
    if (jacksonMessage.startsWith("String value length")) {
      return "holds a value longer than " + JsonConfiguration.MAX_STRING_LENGTH + " characters";
    }
    if (jacksonMessage.startsWith("Name length")) {
      return "has a property name longer than " + JsonConfiguration.MAX_NAME_LENGTH
          + " characters";
    }
    if (jacksonMessage.startsWith("Document nesting depth")) {
      return "is nested deeper than " + JsonConfiguration.MAX_NESTING_DEPTH + " levels";
    }
    return "exceeds a limit of the JSON reader";
  }

  private static String fieldOf(JacksonException json) {
    if (json.getPath().isEmpty()) {
      // the parser refused a token before any field was read: its context knows where it was
      return json instanceof StreamReadException read && read.processor() != null
          ? fieldOf(read.processor().streamReadContext().pathAsPointer().toString()) : null;
    }
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : json.getPath()) {
      if (ref.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? null : path.toString();
  }
}
