package com.bnaura.quota;

/**
 * Thrown when the store fails: the database is unreachable, a transaction could not complete, a
 * constraint caught an impossible state. It names the operation that failed and wraps the cause.
 *
 * <p>It is never a silent grant or a silent refusal: when it is thrown the outcome of a write is
 * either "not applied" or, if the failure came after the database committed, unknown; a retry with
 * the same idempotency key resolves which.
 */
public class QuotaStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String operation;

  /**
   * Creates an exception for {@code operation}.
   *
   * @param operation what the store was doing, e.g. {@code reserve clinic=c1}
   * @param cause the underlying failure
   */
  public QuotaStoreException(String operation, Throwable cause) {
    super("quota store failed during " + operation + ": " + cause, cause);
    this.operation = operation;
  }

  /**
   * Creates an exception for {@code operation} with a message.
   *
   * @param operation what the store was doing
   * @param message what went wrong
   */
  public QuotaStoreException(String operation, String message) {
    super("quota store failed during " + operation + ": " + message);
    this.operation = operation;
  }

  /** What the store was doing when it failed. */
  public String operation() {
    return operation;
  }
}
