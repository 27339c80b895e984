package dev.incognito.inference.engine;

/**
 * The engine could not start: the model or tokenizer file is missing, unreadable or not a model
 * this engine can run, or the backend is unavailable. The message names the file and the problem.
 */
public class ModelLoadException extends Exception {

  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
