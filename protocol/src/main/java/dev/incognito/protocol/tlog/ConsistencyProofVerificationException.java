package dev.incognito.protocol.tlog;

/** A consistency proof did not show the smaller tree to be a prefix of the larger one. */
public final class ConsistencyProofVerificationException extends LogVerificationException {
  private static final long serialVersionUID = 1L;

  public ConsistencyProofVerificationException(String message) {
    super(message);
  }
}
