package dev.incognito.protocol.token;

/** A token, token request, challenge or header failed to parse or verify; fails closed. */
public class TokenException extends Exception {

  private static final long serialVersionUID = 1L;

  public TokenException(String message) {
    super(message);
  }

  public TokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
