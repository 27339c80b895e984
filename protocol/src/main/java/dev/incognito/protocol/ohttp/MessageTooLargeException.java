package dev.incognito.protocol.ohttp;

/** An encapsulated message or chunk is longer than the named cap. A gateway answers 413. */
public class MessageTooLargeException extends OhttpException {

  private static final long serialVersionUID = 1L;

  public MessageTooLargeException(String message) {
    super(message);
  }
}
