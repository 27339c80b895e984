package dev.incognito.inference.gguf;

/**
 * A GGUF file that cannot be read: truncated, hostile, of an unsupported version, or missing a
 * metadata key a reader requires. The message names the file (where known) and the problem.
 */
public final class GgufFormatException extends Exception {

  public GgufFormatException(String message) {
    super(message);
  }

  public GgufFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
