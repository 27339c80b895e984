package dev.incognito.inference.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a model came from, and where its tokenizer lives.
 *
 * @param format the weight format
 * @param path the file or folder given to {@link LlamaModel#load}
 * @param tokenizer the tokenizer material: the GGUF file itself, a Hugging Face {@code
 *     tokenizer.json}, or empty (llama2.c checkpoints carry none; its {@code tokenizer.bin} is
 *     separate)
 */
public record ModelSource(Format format, Path path, Optional<Path> tokenizer) {

  /** Weight formats read here. */
  public enum Format {
    /** llama2.c legacy checkpoint (7-int header, float32 weights). */
    LLAMA2C,
    /** Hugging Face folder: {@code config.json} and {@code *.safetensors}. */
    HUGGING_FACE,
    /** GGUF v2/v3. */
    GGUF
  }

  public ModelSource {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(tokenizer, "tokenizer");
  }
}
