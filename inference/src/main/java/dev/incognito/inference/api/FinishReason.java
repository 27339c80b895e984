package dev.incognito.inference.api;

/** Why generation ended, with the OpenAI-compatible wire names. */
public enum FinishReason {
  /** The model produced its end-of-sequence token or a stop string. */
  STOP("stop"),
  /** {@code max_tokens} or the context length was reached. */
  LENGTH("length"),
  /** The caller went away (the token sink returned false) or the request was cancelled. */
  CANCELLED("cancelled");

  private final String wireName;

  FinishReason(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
