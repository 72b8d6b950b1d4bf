package com.bnaura.quota.examples.clinic;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error the API answers: {@code {"success": false, "code": ..., "message": ...,
 * "field": ...}}.
 *
 * @param success always {@code false}, as in the old system's bodies
 * @param code the stable code, such as {@code INVALID_ARGUMENT} or {@code UNKNOWN_CLINIC}
 * @param message what went wrong
 * @param field the request field at fault, when one is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(boolean success, String code, String message, String field) {

  static ApiError of(String code, String message, String field) {
    return new ApiError(false, code, message, field);
  }
}
