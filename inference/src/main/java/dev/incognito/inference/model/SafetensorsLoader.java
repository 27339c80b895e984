package dev.incognito.inference.model;

import java.nio.file.Path;

/** Hugging Face folders. */
final class SafetensorsLoader {
  private SafetensorsLoader() {}

  static LlamaModel load(Path path, LoadOptions opts) throws ModelFormatException {
    throw new ModelFormatException(path, "Hugging Face folders are not readable in this build yet");
  }
}
