package dev.incognito.inference.api;

/** Receives generated text as it is produced, token by token. */
@FunctionalInterface
public interface TokenSink {

  /**
   * Called once per decoded piece of text (a token may decode to an empty piece while a UTF-8
   * sequence is incomplete; such pieces are not delivered).
   *
   * @return false to cancel the sequence (the device went away); its memory is freed
   */
  boolean accept(String piece);

  /** A sink that drops every piece, for non-streamed completions. */
  static TokenSink discarding() {
    return piece -> true;
  }
}
