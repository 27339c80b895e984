package dev.incognito.gateway.attestation;

/** Evidence could not be produced; the message names the interface and what was missing. */
public class EvidenceException extends Exception {

  private static final long serialVersionUID = 1L;

  public EvidenceException(String message) {
    super(message);
  }

  public EvidenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
