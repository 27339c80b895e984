package dev.incognito.protocol.token;

/** A well-formed token or signature did not verify; the message names the check that failed. */
public class TokenVerificationException extends TokenException {

  private static final long serialVersionUID = 1L;

  public TokenVerificationException(String message) {
    super(message);
  }

  public TokenVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
