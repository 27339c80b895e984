package dev.incognito.inference.tokenizer;

/** A tokenizer file that cannot be used; the message names the file and the problem. */
public final class TokenizerFormatException extends Exception {

  public TokenizerFormatException(String message) {
    super(message);
  }

  public TokenizerFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
