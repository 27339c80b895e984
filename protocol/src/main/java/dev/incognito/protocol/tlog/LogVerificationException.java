package dev.incognito.protocol.tlog;

/**
 * A log artefact (proof, note, checkpoint, tile) did not verify; the message says what did not
 * match.
 */
public class LogVerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  public LogVerificationException(String message) {
    super(message);
  }

  public LogVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
