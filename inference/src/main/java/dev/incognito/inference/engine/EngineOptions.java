package dev.incognito.inference.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start an {@link Engine}. Valid by construction.
 *
 * @param model a GGUF file, a Hugging Face folder ({@code config.json}, safetensors, {@code
 *     tokenizer.json}) or a llama2.c checkpoint; empty for the built-in demo model
 * @param tokenizer a tokenizer file where the model does not carry one (a llama2.c {@code tok*.bin}
 *     or a {@code tokenizer.json}); empty to take it from the model or beside it
 * @param backend where the forward pass runs
 * @param threads worker threads of the CPU kernels, 1 to {@link #MAX_THREADS}
 * @param maxSequences sequences decoded together (continuous batching), 1 to {@link
 *     #MAX_SEQUENCES}; up to {@link Engine#WAITING_PER_SEQUENCE} times as many more may wait
 * @param contextLength tokens of context per sequence (prompt and answer), {@link #MIN_CONTEXT} to
 *     {@link #MAX_CONTEXT}; lowered to the model's own limit where that is smaller
 * @param defaultMaxTokens tokens to generate when a request does not say, 1 to {@code
 *     maxTokensLimit}
 * @param maxTokensLimit the most tokens a request may ask for, 1 to {@code contextLength}
 */
public record EngineOptions(
    Optional<Path> model,
    Optional<Path> tokenizer,
    Backend backend,
    int threads,
    int maxSequences,
    int contextLength,
    int defaultMaxTokens,
    int maxTokensLimit) {

  public static final int MAX_THREADS = 1024;
  public static final int MAX_SEQUENCES = 256;
  public static final int MIN_CONTEXT = 16;
  public static final int MAX_CONTEXT = 1 << 17;

  public EngineOptions {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(backend, "backend");
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads must be between 1 and " + MAX_THREADS);
    }
    if (maxSequences < 1 || maxSequences > MAX_SEQUENCES) {
      throw new IllegalArgumentException("maxSequences must be between 1 and " + MAX_SEQUENCES);
    }
    if (contextLength < MIN_CONTEXT || contextLength > MAX_CONTEXT) {
      throw new IllegalArgumentException(
          "contextLength must be between " + MIN_CONTEXT + " and " + MAX_CONTEXT);
    }
    if (maxTokensLimit < 1 || maxTokensLimit > contextLength) {
      throw new IllegalArgumentException("maxTokensLimit must be between 1 and contextLength");
    }
    if (defaultMaxTokens < 1 || defaultMaxTokens > maxTokensLimit) {
      throw new IllegalArgumentException("defaultMaxTokens must be between 1 and maxTokensLimit");
    }
  }

  /**
   * The demo model on the CPU with every core, 4 sequences, 2048 tokens of context, 256 tokens by
   * default and at most 1024 per request.
   */
  public static EngineOptions defaults() {
    int cores = Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    return new EngineOptions(
        Optional.empty(), Optional.empty(), Backend.AUTO, cores, 4, 2048, 256, 1024);
  }

  /** These options with {@code model} (and its tokenizer found beside it or inside it). */
  public EngineOptions withModel(Path model) {
    return new EngineOptions(
        Optional.of(model),
        tokenizer,
        backend,
        threads,
        maxSequences,
        contextLength,
        defaultMaxTokens,
        maxTokensLimit);
  }

  /** These options with a separate tokenizer file. */
  public EngineOptions withTokenizer(Path tokenizer) {
    return new EngineOptions(
        model,
        Optional.of(tokenizer),
        backend,
        threads,
        maxSequences,
        contextLength,
        defaultMaxTokens,
        maxTokensLimit);
  }

  /** These options with {@code threads} CPU threads. */
  public EngineOptions withThreads(int threads) {
    return new EngineOptions(
        model,
        tokenizer,
        backend,
        threads,
        maxSequences,
        contextLength,
        defaultMaxTokens,
        maxTokensLimit);
  }

  /** These options with room for {@code maxSequences} concurrent sequences. */
  public EngineOptions withMaxSequences(int maxSequences) {
    return new EngineOptions(
        model,
        tokenizer,
        backend,
        threads,
        maxSequences,
        contextLength,
        defaultMaxTokens,
        maxTokensLimit);
  }

  /** These options with another backend. */
  public EngineOptions withBackend(Backend backend) {
    return new EngineOptions(
        model,
        tokenizer,
        backend,
        threads,
        maxSequences,
        contextLength,
        defaultMaxTokens,
        maxTokensLimit);
  }
}
