package dev.incognito.protocol.token;

/** The bytes are not a well-formed token structure (wrong length, type, or encoding). */
public class MalformedTokenException extends TokenException {

  private static final long serialVersionUID = 1L;

  public MalformedTokenException(String message) {
    super(message);
  }

  public MalformedTokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
