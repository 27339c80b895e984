package dev.incognito.protocol.bhttp;

/**
 * A Binary HTTP message is invalid (RFC 9292 §4) or exceeds one of the caps in {@link BinaryHttp}.
 * The message names what was wrong; it never carries field values or content.
 */
public class BinaryHttpException extends Exception {

  private static final long serialVersionUID = 1L;

  public BinaryHttpException(String message) {
    super(message);
  }

  public BinaryHttpException(String message, Throwable cause) {
    super(message, cause);
  }
}
