package dev.incognito.inference.api;

import java.util.Objects;

/**
 * The result of one completion.
 *
 * @param text the generated text (without any stop string)
 * @param finishReason why generation ended
 * @param promptTokens tokens in the rendered prompt
 * @param completionTokens tokens generated
 */
public record Completion(
    String text, FinishReason finishReason, int promptTokens, int completionTokens) {

  public Completion {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
  }

  @Override
  public String toString() {
    return "Completion[chars="
        + text.length()
        + ", finish="
        + finishReason.wireName()
        + ", promptTokens="
        + promptTokens
        + ", completionTokens="
        + completionTokens
        + "]";
  }
}
