package dev.incognito.inference.template;

/**
 * A chat template that cannot be rendered: it does not parse, it failed while rendering, or it
 * rejected the conversation through {@code raise_exception}. The message names the problem.
 */
public final class TemplateException extends Exception {

  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
