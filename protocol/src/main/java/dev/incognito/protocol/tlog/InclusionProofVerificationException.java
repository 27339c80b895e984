package dev.incognito.protocol.tlog;

/** An inclusion proof did not lead from the leaf to the expected root. */
public final class InclusionProofVerificationException extends LogVerificationException {
  private static final long serialVersionUID = 1L;

  public InclusionProofVerificationException(String message) {
    super(message);
  }
}
