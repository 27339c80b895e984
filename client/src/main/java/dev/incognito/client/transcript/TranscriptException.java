package dev.incognito.client.transcript;

/** A transcript file is unreadable or not in the {@value Transcript#FORMAT} format. */
public class TranscriptException extends Exception {

  private static final long serialVersionUID = 1L;

  public TranscriptException(String message) {
    super(message);
  }

  public TranscriptException(String message, Throwable cause) {
    super(message, cause);
  }
}
