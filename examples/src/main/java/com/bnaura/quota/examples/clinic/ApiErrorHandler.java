package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.QuotaRefusedException;
import com.bnaura.quota.QuotaStoreException;
import com.bnaura.quota.Refused;
import com.bnaura.quota.gemini.GeminiException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure into a JSON error with a stable code and, where there is one, the field at
 * fault. A failing store is a 503 that says so, never a grant or a refusal.
 */
@RestControllerAdvice
class ApiErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ApiError> api(ApiException e) {
    return ResponseEntity.status(e.status()).body(ApiError.of(e.code(), e.getMessage(), e.field()));
  }

  @ExceptionHandler(QuotaRefusedException.class)
  ResponseEntity<Map<String, Object>> refused(QuotaRefusedException e) {
    return refusal(e.refused());
  }

  /** The body of a refusal of the quota service, with the shortfall of a QUOTA_EXCEEDED. */
  static ResponseEntity<Map<String, Object>> refusal(Refused refused) {
    ResponseEntity.BodyBuilder response = ResponseEntity.status(refused.code().httpStatus());
    refused.retryAfter().ifPresent(wait ->
        response.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
    return response.body(JsonViews.refusal(refused));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
    String field = fieldOf(e);
    String message = field == null
        ? "the request body is missing or is not valid JSON"
        : "the field " + field + " has the wrong type or format";
    return ResponseEntity.badRequest().body(ApiError.of("INVALID_ARGUMENT", message,
        field == null ? "body" : field));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
    return ResponseEntity.badRequest().body(ApiError.of("INVALID_ARGUMENT",
        "the query parameter " + e.getParameterName() + " is required", e.getParameterName()));
  }

  @ExceptionHandler(MissingRequestHeaderException.class)
  ResponseEntity<ApiError> missingHeader(MissingRequestHeaderException e) {
    return ResponseEntity.badRequest().body(ApiError.of("INVALID_ARGUMENT",
        "the header " + e.getHeaderName() + " is required", e.getHeaderName()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException e) {
    return ResponseEntity.badRequest().body(ApiError.of("INVALID_ARGUMENT",
        e.getName() + " has the wrong type or format", e.getName()));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
    return ResponseEntity.status(405).body(ApiError.of("METHOD_NOT_ALLOWED",
        e.getMethod() + " is not supported here", null));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
    return ResponseEntity.status(415).body(ApiError.of("UNSUPPORTED_MEDIA_TYPE",
        "send the body as application/json", "Content-Type"));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ApiError> notFound(NoResourceFoundException e) {
    return ResponseEntity.status(404).body(ApiError.of("NOT_FOUND",
        "no endpoint " + e.getResourcePath(), null));
  }

  @ExceptionHandler(GeminiException.class)
  ResponseEntity<ApiError> gemini(GeminiException e) {
    log.warn("analysis failed, nothing charged: {}", e.getMessage());
    return ResponseEntity.status(502).body(ApiError.of("AI_UNAVAILABLE",
        "the AI call failed (" + e.reason() + "); nothing was charged", null));
  }

  @ExceptionHandler(QuotaStoreException.class)
  ResponseEntity<ApiError> store(QuotaStoreException e) {
    log.error("quota store failed during {}", e.operation(), e);
    return ResponseEntity.status(503).body(ApiError.of("STORE_UNAVAILABLE",
        "the quota store failed during " + e.operation()
            + "; nothing is known to have changed, retry with the same Idempotency-Key", null));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ApiError> unexpected(Exception e) {
    log.error("request failed", e);
    return ResponseEntity.status(500).body(ApiError.of("INTERNAL_ERROR",
        "the request failed unexpectedly; see the server log", null));
  }

  private static String fieldOf(HttpMessageNotReadableException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JacksonException json && !json.getPath().isEmpty()) {
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
    return null;
  }
}
