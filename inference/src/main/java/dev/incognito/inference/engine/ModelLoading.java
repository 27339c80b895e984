package dev.incognito.inference.engine;

import java.util.function.Consumer;

/** Turns {@link EngineOptions} into a running {@link Engine}: backend, model, tokenizer. */
final class ModelLoading {

  private ModelLoading() {}

  static Engine start(EngineOptions options, Consumer<String> progress) throws ModelLoadException {
    if (options.backend() == Backend.CUDA) {
      throw new ModelLoadException("CUDA backend is not available in this build");
    }
    throw new ModelLoadException(
        "no CPU forward pass is available in this build; cannot load "
            + options.model().map(Object::toString).orElse("the demo model"));
  }
}
