package dev.incognito.protocol.tlog;

/** A signed note or checkpoint did not verify against the known keys. */
public final class NoteVerificationException extends LogVerificationException {
  private static final long serialVersionUID = 1L;

  public NoteVerificationException(String message) {
    super(message);
  }

  public NoteVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
