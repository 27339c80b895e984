package dev.incognito.inference.api;

/** The predictor could not serve a request. The message never contains conversation text. */
public class PredictorException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What went wrong, so that callers can map it to a status. */
  public enum Kind {
    /** The request cannot be served as asked (prompt longer than the context, ...): a 4xx. */
    BAD_REQUEST,
    /** Too many concurrent sequences and the queue is full: a 503 with Retry-After. */
    OVERLOADED,
    /** The predictor is not available (not started, failed): a 503. */
    UNAVAILABLE,
    /** An internal failure. */
    INTERNAL
  }

  private final Kind kind;

  public PredictorException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public PredictorException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
