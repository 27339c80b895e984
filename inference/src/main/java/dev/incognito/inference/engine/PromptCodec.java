package dev.incognito.inference.engine;

import dev.incognito.inference.api.CompletionRequest;

/** The model's tokenizer and chat template, as the engine uses them. Thread-safe. */
interface PromptCodec {

  /**
   * The prompt's tokens: a chat rendered with the model's chat template (or a plain layout where
   * the model has none), a raw prompt as is; with BOS where the model wants one.
   *
   * @throws IllegalArgumentException when the template cannot render the conversation or the
   *     tokenizer refuses the text; the message names the problem, never the text
   */
  int[] promptTokens(CompletionRequest request);

  /** The bytes a token stands for (may be part of a UTF-8 sequence); empty for control tokens. */
  byte[] tokenBytes(int token);

  /** Whether generating {@code token} ends the answer (EOS, end-of-turn). */
  boolean isEndOfGeneration(int token);
}
