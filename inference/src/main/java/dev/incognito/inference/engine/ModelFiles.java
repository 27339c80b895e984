package dev.incognito.inference.engine;

import dev.incognito.inference.convert.GgufConverter;
import dev.incognito.inference.gguf.GgufFile;
import dev.incognito.inference.tokenizer.Tokenizer;
import dev.incognito.inference.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a model's tokenizer without loading its weights: the formats {@link Engine} accepts are a
 * GGUF file (tokenizer in the metadata), a Hugging Face folder ({@code tokenizer.json}) and a
 * llama2.c checkpoint (a separate {@code tokenizer.bin} or {@code tok*.bin} beside it).
 */
public final class ModelFiles {

  private ModelFiles() {}

  /**
   * The tokenizer for {@code model}.
   *
   * @param tokenizer a tokenizer file to use instead of the model's own or the one beside it: a
   *     {@code .gguf}, a {@code tokenizer.json}, else a llama2.c {@code tokenizer.bin}
   * @throws ModelLoadException naming the file and the problem
   */
  public static Tokenizer tokenizer(Path model, Optional<Path> tokenizer)
      throws ModelLoadException {
    return tokenizer(model, tokenizer, -1);
  }

  /** As {@link #tokenizer(Path, Optional)}; {@code vocabSize} is the model's, or -1 to read it. */
  static Tokenizer tokenizer(Path model, Optional<Path> given, int vocabSize)
      throws ModelLoadException {
    if (!Files.exists(model)) {
      throw new ModelLoadException(model + ": no such file or folder");
    }
    Path file;
    if (given.isPresent()) {
      file = given.get();
    } else if (Files.isDirectory(model)) {
      file = model.resolve("tokenizer.json");
    } else if (isGguf(model)) {
      file = model;
    } else {
      file =
          GgufConverter.llama2cTokenizerBeside(model)
              .orElseThrow(
                  () ->
                      new ModelLoadException(
                          model
                              + ": a llama2.c checkpoint carries no tokenizer; put tokenizer.bin"
                              + " beside it or name the tokenizer file"));
    }
    if (!Files.isRegularFile(file)) {
      throw new ModelLoadException(file + ": no such tokenizer file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (isGguf(file)) {
        try (GgufFile g = GgufFile.open(file)) {
          return Tokenizers.fromGguf(g);
        }
      }
      if (name.endsWith(".json")) {
        return Tokenizers.fromTokenizerJson(file);
      }
      int vocab = vocabSize > 0 ? vocabSize : llama2cVocabSize(model);
      return Tokenizers.fromLlama2c(file, vocab);
    } catch (ModelLoadException e) {
      throw e;
    } catch (Exception e) {
      throw new ModelLoadException(file + ": not a usable tokenizer: " + e.getMessage(), e);
    }
  }

  /** Whether the file starts with the GGUF magic. */
  public static boolean isGguf(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] m = in.readNBytes(4);
      return m.length == 4 && m[0] == 'G' && m[1] == 'G' && m[2] == 'U' && m[3] == 'F';
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The vocabulary size in a llama2.c header (sixth int32, negative for an unshared classifier).
   */
  private static int llama2cVocabSize(Path checkpoint) throws ModelLoadException {
    try (InputStream in = Files.newInputStream(checkpoint)) {
      byte[] h = in.readNBytes(28);
      if (h.length < 28) {
        throw new ModelLoadException(checkpoint + ": shorter than a llama2.c header");
      }
      int v = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getInt(20);
      if (v == 0 || v == Integer.MIN_VALUE) {
        throw new ModelLoadException(checkpoint + ": not a llama2.c checkpoint (vocab size)");
      }
      return Math.abs(v);
    } catch (IOException e) {
      throw new ModelLoadException(checkpoint + ": cannot read: " + e.getMessage(), e);
    }
  }
}
