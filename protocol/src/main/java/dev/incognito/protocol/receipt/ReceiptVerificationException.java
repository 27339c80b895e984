package dev.incognito.protocol.receipt;

/** A receipt is malformed or does not match the transcript; the message names the field. */
public class ReceiptVerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  public ReceiptVerificationException(String message) {
    super(message);
  }

  public ReceiptVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
