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
        HttpErrors.shortenQuotes(e.message(Languages.of(request))), e.field()));
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
        refused.code().name(), HttpErrors.shortenQuotes(refused.message(locale)), locale);
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
    ErrorText message;
    if (json instanceof BoundedJson.OutOfBounds bound) {
      message = bound.text(at);
    } else if (json instanceof StreamConstraintsException limit) {
      String what = limit.getOriginalMessage() == null ? "" : limit.getOriginalMessage();
      if (what.startsWith("Document length")) {
        return tooLarge(request, -1);
      }
      message = constraintOf(at, what);
    } else if (json instanceof MismatchedInputException mismatch && field != null) {
      message = expected(field, mismatch.getTargetType());
    } else if (field != null) {
      message = ErrorText.of("error.body.field_type", field);
    } else {
      message = ErrorText.of("error.body.invalid");
    }
    return error(request, 400, HttpErrors.error(request, "INVALID_ARGUMENT", message, at));
  }

  private static ResponseEntity<Object> tooLarge(HttpServletRequest request, long limit) {
    return HttpErrors.answer(request, ResponseEntity.status(413).header("Connection", "close"),
        413, HttpErrors.error(request, "PAYLOAD_TOO_LARGE", limit > 0
            ? ErrorText.of("error.body.too_large_limit", limit)
            : ErrorText.of("error.body.too_large"), "body"));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<Object> missingParameter(MissingServletRequestParameterException e,
      HttpServletRequest request) {
    return error(request, 400, HttpErrors.error(request, "INVALID_ARGUMENT",
        ErrorText.of("error.query.required", e.getParameterName()), e.getParameterName()));
  }

  @ExceptionHandler(MissingRequestHeaderException.class)
  ResponseEntity<Object> missingHeader(MissingRequestHeaderException e,
      HttpServletRequest request) {
    return error(request, 400, HttpErrors.error(request, "INVALID_ARGUMENT",
        ErrorText.of("error.header.required", e.getHeaderName()), e.getHeaderName()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> mismatch(MethodArgumentTypeMismatchException e,
      HttpServletRequest request) {
    return error(request, 400, HttpErrors.error(request, "INVALID_ARGUMENT",
        ErrorText.of("error.format", e.getName()), e.getName()));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Object> method(HttpRequestMethodNotSupportedException e,
      HttpServletRequest request) {
    return error(request, 405, HttpErrors.error(request, "METHOD_NOT_ALLOWED",
        ErrorText.of("error.method", HttpErrors.echo(e.getMethod())), null));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Object> mediaType(HttpMediaTypeNotSupportedException e,
      HttpServletRequest request) {
    return error(request, 415, HttpErrors.error(request, "UNSUPPORTED_MEDIA_TYPE",
        HttpErrors.messageOf(415), "Content-Type"));
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<Object> notAcceptable(HttpMediaTypeNotAcceptableException e,
      HttpServletRequest request) {
    return error(request, 406, HttpErrors.error(request, "NOT_ACCEPTABLE",
        HttpErrors.messageOf(406), "Accept"));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<Object> notFound(NoResourceFoundException e, HttpServletRequest request) {
    return error(request, 404, HttpErrors.error(request, "NOT_FOUND",
        ErrorText.of("error.no_endpoint", HttpErrors.echo(e.getResourcePath())), null));
  }

  @ExceptionHandler(GeminiException.class)
  ResponseEntity<Object> gemini(GeminiException e, HttpServletRequest request) {
    log.warn("analysis failed, nothing charged: {}", e.getMessage());
    return error(request, 502, HttpErrors.error(request, "AI_UNAVAILABLE",
        ErrorText.of("error.ai_unavailable", e.reason()), null));
  }

  @ExceptionHandler(QuotaStoreException.class)
  ResponseEntity<Object> store(QuotaStoreException e, HttpServletRequest request) {
    log.error("quota store failed during {}", e.operation(), e);
    return error(request, 503, HttpErrors.error(request, "STORE_UNAVAILABLE",
        ErrorText.of("error.store_unavailable", e.operation()), null));
  }

  /** A query string or form body the container could not decode (bad percent-encoding, ...). */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<Object> badParameters(InvalidParameterException e, HttpServletRequest request) {
    int status = ContainerErrors.parameterStatus(e);
    return error(request, status, HttpErrors.error(request, HttpErrors.codeOf(status),
        status == 400 ? ErrorText.of("error.query.malformed") : HttpErrors.messageOf(status),
        "query"));
  }

  /**
   * Any other failure: a refusal of the framework's own (a bad header, a missing path part) is
   * its 4xx; anything else is a 500 that names nothing of the request.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
    if (e instanceof ErrorResponse refusal && refusal.getStatusCode().is4xxClientError()) {
      int status = refusal.getStatusCode().value();
      return error(request, status, HttpErrors.error(request, HttpErrors.codeOf(status),
          HttpErrors.messageOf(status), null));
    }
    log.error("request failed", e);
    return error(request, 500, HttpErrors.error(request, "INTERNAL_ERROR",
        HttpErrors.messageOf(500), null));
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

  private static ErrorText expected(String field, Class<?> type) {
    if (type == null) {
      return ErrorText.of("error.format", field);
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class
        || type == BigInteger.class) {
      return ErrorText.of("error.body.whole_number", field);
    }
    if (type == Boolean.class || type == boolean.class) {
      return ErrorText.of("error.body.boolean", field);
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == BigDecimal.class) {
      return ErrorText.of("error.body.number", field);
    }
    if (type == String.class) {
      return ErrorText.of("error.body.string", field);
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return ErrorText.of("error.body.array", field);
    }
    return ErrorText.of("error.body.object", field);
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

  private static ErrorText constraintOf(String at, String jacksonMessage) {
    if (jacksonMessage.startsWith("Number value length")) {
      return ErrorText.of("error.body.number_length", at, JsonConfiguration.MAX_NUMBER_LENGTH);
    }
    if (jacksonMessage.startsWith("String value length")) {
      return ErrorText.of("error.body.string_length", at, JsonConfiguration.MAX_STRING_LENGTH);
    }
    if (jacksonMessage.startsWith("Name length")) {
      return ErrorText.of("error.body.name_length", at, JsonConfiguration.MAX_NAME_LENGTH);
    }
    if (jacksonMessage.startsWith("Document nesting depth")) {
      return ErrorText.of("error.body.nesting", at, JsonConfiguration.MAX_NESTING_DEPTH);
    }
    return ErrorText.of("error.body.limit", at);
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
