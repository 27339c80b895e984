package dev.incognito.inference.engine;

import dev.incognito.inference.api.ModelInfo;
import dev.incognito.inference.cuda.Cuda;
import dev.incognito.inference.cuda.CudaForward;
import dev.incognito.inference.cuda.Nvrtc;
import dev.incognito.inference.model.LlamaModel;
import dev.incognito.inference.model.LoadOptions;
import dev.incognito.inference.model.ModelConfig;
import dev.incognito.inference.model.ModelFormatException;
import dev.incognito.inference.model.ModelSource;
import dev.incognito.inference.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/** Turns {@link EngineOptions} into a running {@link Engine}: backend, model, tokenizer. */
final class ModelLoading {

  private ModelLoading() {}

  static Engine start(EngineOptions options, Consumer<String> progress) throws ModelLoadException {
    boolean demo = options.model().isEmpty();
    Path path;
    if (demo) {
      progress.accept("no model configured: " + DemoModel.NOTICE);
      try {
        path = DemoModel.write();
      } catch (IOException e) {
        throw new ModelLoadException("cannot write the demo model: " + e.getMessage(), e);
      }
    } else {
      path = options.model().get();
    }
    long t0 = System.nanoTime();
    progress.accept("loading " + path);
    LlamaModel model;
    try {
      model = LlamaModel.load(path, LoadOptions.defaults().withThreads(options.threads()));
    } catch (ModelFormatException e) {
      throw new ModelLoadException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ModelLoadException(path + ": cannot load: " + e.getMessage(), e);
    }
    try {
      Tokenizer tokenizer = tokenizer(model, options.tokenizer());
      ModelConfig c = model.config();
      if (tokenizer.vocabSize() > c.vocabSize()) {
        throw new ModelLoadException(
            path
                + ": the tokenizer has "
                + tokenizer.vocabSize()
                + " tokens but the model only "
                + c.vocabSize());
      }
      int context = Math.min(options.contextLength(), c.contextLength());
      String id = demo ? DemoModel.ID : modelId(path);
      Backend chosen =
          options.backend() == Backend.CPU
              ? Backend.CPU
              : BackendSelection.choose(
                  options.backend(),
                  Cuda.unavailableReason().or(Nvrtc::unavailableReason),
                  CudaForward.unsupportedReason(c, CudaForward.types(model.weights())));
      progress.accept(
          String.format(
              Locale.ROOT,
              "loaded %s in %.1f s: dim %d, %d layers, %d heads (%d KV), vocab %d, context %d,"
                  + " %s kernels on %d threads, weights sha256 %s",
              id,
              (System.nanoTime() - t0) / 1e9,
              c.dim(),
              c.layers(),
              c.heads(),
              c.kvHeads(),
              c.vocabSize(),
              context,
              model.kernels(),
              model.threads(),
              model.weightsSha256()));
      TokenizerCodec codec;
      try {
        codec = new TokenizerCodec(tokenizer);
      } catch (IllegalArgumentException e) {
        throw new ModelLoadException(path + ": unusable chat template: " + e.getMessage(), e);
      }
      ForwardPass forward =
          BackendSelection.start(
              options.backend(),
              chosen,
              () -> CudaForward.create(model, 0, options.maxSequences(), context, progress),
              () -> new LlamaForward(model),
              progress);
      ModelInfo info =
          new ModelInfo(
              id,
              model.weightsSha256(),
              forward instanceof CudaForward ? "cuda" : "cpu",
              demo,
              context,
              demo ? DemoModel.NOTICE : "");
      return new Engine(info, forward, codec, options);
    } catch (ModelLoadException | RuntimeException e) {
      model.close();
      throw e;
    } finally {
      if (demo) {
        try {
          Files.deleteIfExists(path); // the weights live in memory now
        } catch (IOException e) {
          // left for deleteOnExit
        }
      }
    }
  }

  static Tokenizer tokenizer(LlamaModel model, Optional<Path> given) throws ModelLoadException {
    ModelSource source = model.source();
    return ModelFiles.tokenizer(
        source.path(), given.or(source::tokenizer), model.config().vocabSize());
  }

  /** The served model's id: the file name without its extension, or the folder's name. */
  static String modelId(Path path) {
    String name = path.toAbsolutePath().normalize().getFileName().toString();
    int dot = name.lastIndexOf('.');
    return Files.isDirectory(path) || dot <= 0 ? name : name.substring(0, dot);
  }
}
