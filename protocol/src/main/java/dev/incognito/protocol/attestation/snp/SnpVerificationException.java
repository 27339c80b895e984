package dev.incognito.protocol.attestation.snp;

/** An SEV-SNP report or its certificate chain did not verify; the message names the check. */
public class SnpVerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  public SnpVerificationException(String message) {
    super(message);
  }

  public SnpVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
