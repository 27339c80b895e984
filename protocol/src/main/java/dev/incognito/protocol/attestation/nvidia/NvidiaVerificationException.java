package dev.incognito.protocol.attestation.nvidia;

/** An NVIDIA GPU attestation report or its chain did not verify; the message names the check. */
public class NvidiaVerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  public NvidiaVerificationException(String message) {
    super(message);
  }

  public NvidiaVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
