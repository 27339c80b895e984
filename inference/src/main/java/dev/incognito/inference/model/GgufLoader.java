package dev.incognito.inference.model;

import java.nio.file.Path;

/** GGUF models; reading lands with the {@code gguf} package. */
final class GgufLoader {
  private GgufLoader() {}

  static LlamaModel load(Path path, LoadOptions opts) throws ModelFormatException {
    throw new ModelFormatException(path, "GGUF models are not readable in this build yet");
  }
}
