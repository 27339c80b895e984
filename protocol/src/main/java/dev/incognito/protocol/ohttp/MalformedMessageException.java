package dev.incognito.protocol.ohttp;

/**
 * An encapsulated message, key configuration or chunk stream is malformed, truncated, or does not
 * authenticate. A gateway answers 400 (RFC 9458 §5.2).
 */
public class MalformedMessageException extends OhttpException {

  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
