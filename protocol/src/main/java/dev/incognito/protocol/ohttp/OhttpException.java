package dev.incognito.protocol.ohttp;

/**
 * An Oblivious HTTP message could not be processed (RFC 9458 §5). Subclasses say why, so a gateway
 * can choose its HTTP answer; the message never carries message content or key material.
 */
public class OhttpException extends Exception {

  private static final long serialVersionUID = 1L;

  public OhttpException(String message) {
    super(message);
  }

  public OhttpException(String message, Throwable cause) {
    super(message, cause);
  }
}
