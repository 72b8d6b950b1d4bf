package com.bnaura.quota.examples.clinic;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error the old system's endpoints ({@code /api/ai/analyze}, {@code
 * /api/quota/*}) answer, as their clients read it: {@code {"success": false, "code": ...,
 * "message": ..., "field": ...}}; every other path answers the same code and field in a problem
 * detail ({@link HttpErrors}). A 403 also carries {@code "quotaExceeded": false}: the old clients
 * offer "Buy More Scans" on a 403 with {@code quotaExceeded}, and only the quota refusal has it
 * {@code true}.
 *
 * @param success always {@code false}, as in the old system's bodies
 * @param code the stable code, such as {@code INVALID_ARGUMENT} or {@code UNKNOWN_CLINIC}
 * @param message what went wrong
 * @param field the request field at fault, when one is
 * @param quotaExceeded {@code false} on a 403 that is not the quota refusal; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(boolean success, String code, String message, String field,
    Boolean quotaExceeded) {

  static ApiError of(String code, String message, String field) {
    return new ApiError(false, code, message, field, null);
  }

  /** The error answered with the status: a 403 says it is not the quota refusal. */
  ApiError forStatus(int status) {
    return status == 403 ? new ApiError(false, code, message, field, Boolean.FALSE) : this;
  }
}
