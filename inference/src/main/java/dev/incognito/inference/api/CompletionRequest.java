package dev.incognito.inference.api;

import java.util.List;
import java.util.Objects;

/**
 * One completion. Either a chat ({@code messages}, rendered with the model's chat template) or a
 * raw {@code prompt} (tokenized as is, with BOS when the model wants one); exactly one is present.
 *
 * @param messages the conversation, or empty for a raw prompt
 * @param prompt the raw prompt, or null for a chat
 * @param sampling how tokens are chosen
 * @param maxTokens most tokens to generate, at least 1
 * @param stop strings that end generation; the stop string itself is not returned
 */
public record CompletionRequest(
    List<ChatMessage> messages,
    String prompt,
    SamplingParams sampling,
    int maxTokens,
    List<String> stop) {

  public static final int MAX_STOP_STRINGS = 8;
  public static final int MAX_STOP_STRING_CHARS = 256;

  public CompletionRequest {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    Objects.requireNonNull(sampling, "sampling");
    stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
    if (messages.isEmpty() == (prompt == null)) {
      throw new IllegalArgumentException("give either messages or a prompt");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max_tokens must be a positive integer");
    }
    if (stop.size() > MAX_STOP_STRINGS) {
      throw new IllegalArgumentException("at most " + MAX_STOP_STRINGS + " stop strings");
    }
    for (String s : stop) {
      if (s.isEmpty() || s.length() > MAX_STOP_STRING_CHARS) {
        throw new IllegalArgumentException(
            "a stop string must have 1 to " + MAX_STOP_STRING_CHARS + " characters");
      }
    }
  }

  public static CompletionRequest chat(
      List<ChatMessage> messages, SamplingParams sampling, int maxTokens) {
    return new CompletionRequest(messages, null, sampling, maxTokens, List.of());
  }

  public static CompletionRequest prompt(String prompt, SamplingParams sampling, int maxTokens) {
    return new CompletionRequest(List.of(), prompt, sampling, maxTokens, List.of());
  }

  public boolean isChat() {
    return prompt == null;
  }

  /** Never prints conversation text. */
  @Override
  public String toString() {
    return "CompletionRequest[messages="
        + messages.size()
        + ", prompt="
        + (prompt == null ? "none" : prompt.length() + " chars")
        + ", maxTokens="
        + maxTokens
        + "]";
  }
}
