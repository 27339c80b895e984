package dev.incognito.protocol.attestation.tdx;

/**
 * A TDX quote, its certificate chain or its collateral did not verify; the message names the check.
 */
public class TdxVerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  public TdxVerificationException(String message) {
    super(message);
  }

  public TdxVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
