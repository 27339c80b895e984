package dev.incognito.client.chat;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How to ask: the model (empty: the first the server lists), the answer's length limit in tokens,
 * the sampling temperature (empty: the server's default) and whether to stream the answer.
 */
public record ChatSettings(
    Optional<String> model, int maxTokens, OptionalDouble temperature, boolean stream) {

  /** Largest {@code max_tokens} this client asks for. */
  public static final int MAX_TOKENS_LIMIT = 32 * 1024;

  public ChatSettings {
    model = model == null ? Optional.empty() : model.filter(m -> !m.isBlank());
    temperature = temperature == null ? OptionalDouble.empty() : temperature;
    if (maxTokens < 1 || maxTokens > MAX_TOKENS_LIMIT) {
      throw new IllegalArgumentException("max tokens must be 1 to " + MAX_TOKENS_LIMIT);
    }
    if (temperature.isPresent()
        && !(temperature.getAsDouble() >= 0 && temperature.getAsDouble() <= 2)) {
      throw new IllegalArgumentException("temperature must be between 0 and 2");
    }
  }

  /** Streamed, 256 tokens at most, the server's model and temperature. */
  public static ChatSettings defaults() {
    return new ChatSettings(Optional.empty(), 256, OptionalDouble.empty(), true);
  }

  public ChatSettings withStream(boolean s) {
    return new ChatSettings(model, maxTokens, temperature, s);
  }

  public ChatSettings withModel(String m) {
    return new ChatSettings(Optional.ofNullable(m), maxTokens, temperature, stream);
  }

  public ChatSettings withMaxTokens(int n) {
    return new ChatSettings(model, n, temperature, stream);
  }
}
