package dev.incognito.inference.convert;

import dev.incognito.inference.gguf.GgmlType;
import dev.incognito.inference.gguf.GgufWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes a GGUF file that llama.cpp can run from a Hugging Face Llama folder or a llama2.c
 * checkpoint, with the tokenizer in its metadata ({@code tokenizer.ggml.*}) and the tensors under
 * llama.cpp's names for the {@code llama} architecture.
 *
 * <p>{@link Type#Q8_0} quantizes every matrix whose rows are whole blocks of 32 as llama.cpp's
 * {@code quantize_row_q8_0_ref} does (scale = max|x| / 127 as binary16, values rounded half away
 * from zero); norms and matrices with other widths stay F32.
 */
public final class GgufConverter {

  /** The tensor type written. */
  public enum Type {
    F32,
    Q8_0
  }

  /** Q8_0 block: 32 values. */
  static final int Q8_0_BLOCK = 32;

  /** Q8_0 block bytes: a binary16 scale and 32 int8. */
  static final int Q8_0_BYTES = 34;

  private GgufConverter() {}

  /**
   * Converts {@code model} to {@code output}.
   *
   * @param model a Hugging Face folder or a llama2.c checkpoint
   * @param tokenizer the tokenizer where it is not inside or beside the model (a llama2.c {@code
   *     tok*.bin} or a {@code tokenizer.json}); empty to look beside the model
   * @param progress receives one line per step
   */
  public static void convert(
      Path model, Optional<Path> tokenizer, Path output, Type type, Consumer<String> progress)
      throws ConversionException {
    SourceModel source;
    TokenizerMetadata vocab;
    if (Files.isDirectory(model)) {
      source = HuggingFaceCheckpoint.read(model);
      String modelType =
          HuggingFaceCheckpoint.readJson(model.resolve("config.json")).getString("model_type", "");
      Path tok = tokenizer.orElse(model.resolve("tokenizer.json"));
      vocab = TokenizerMetadata.fromTokenizerJson(tok, source.vocabSize(), modelType);
    } else {
      if (isGguf(model)) {
        throw new ConversionException(model, "is already GGUF");
      }
      source = Llama2cCheckpoint.read(model);
      Path tok =
          tokenizer.isPresent()
              ? tokenizer.get()
              : llama2cTokenizerBeside(model)
                  .orElseThrow(
                      () ->
                          new ConversionException(
                              model,
                              "no tokenizer.bin or tok*.bin beside the checkpoint; name one"));
      vocab = TokenizerMetadata.fromLlama2c(tok, source.vocabSize());
    }
    progress.accept(
        "converting "
            + model.getFileName()
            + ": dim "
            + source.dim()
            + ", "
            + source.layers()
            + " layers, "
            + source.heads()
            + " heads ("
            + source.kvHeads()
            + " KV), hidden "
            + source.hiddenDim()
            + ", vocab "
            + source.vocabSize()
            + " → "
            + type);
    GgufWriter w = writer(source, vocab, type);
    try {
      w.write(output);
    } catch (IOException e) {
      throw new ConversionException(output, "cannot write: " + e.getMessage(), e);
    }
    progress.accept("wrote " + output);
  }

  /**
   * A llama2.c tokenizer beside a checkpoint: {@code tokenizer.bin}, else the one {@code tok*.bin}
   * in the same folder.
   */
  public static Optional<Path> llama2cTokenizerBeside(Path checkpoint) {
    Path dir = checkpoint.toAbsolutePath().getParent();
    if (dir == null) {
      return Optional.empty();
    }
    Path standard = dir.resolve("tokenizer.bin");
    if (Files.isRegularFile(standard)) {
      return Optional.of(standard);
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "tok*.bin")) {
      for (Path p : s) {
        found.add(p);
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  static boolean isGguf(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("GGUF");
    } catch (IOException e) {
      return false;
    }
  }

  static GgufWriter writer(SourceModel m, TokenizerMetadata v, Type type) {
    GgufWriter w = new GgufWriter();
    w.putString("general.architecture", "llama");
    w.putString("general.name", m.name());
    w.putUint32("general.file_type", type == Type.Q8_0 ? 7 : 0); // MOSTLY_Q8_0 : ALL_F32
    if (type == Type.Q8_0) {
      w.putUint32("general.quantization_version", 2);
    }
    w.putUint32("llama.context_length", m.contextLength());
    w.putUint32("llama.embedding_length", m.dim());
    w.putUint32("llama.block_count", m.layers());
    w.putUint32("llama.feed_forward_length", m.hiddenDim());
    w.putUint32("llama.attention.head_count", m.heads());
    w.putUint32("llama.attention.head_count_kv", m.kvHeads());
    w.putFloat32("llama.attention.layer_norm_rms_epsilon", m.rmsEps());
    w.putFloat32("llama.rope.freq_base", m.ropeTheta());
    w.putUint32("llama.rope.dimension_count", m.headDim());
    w.putUint32("llama.vocab_size", m.vocabSize());
    putTokenizer(w, v);
    for (SourceModel.Tensor t : m.tensors()) {
      boolean quantize = type == Type.Q8_0 && t.isMatrix() && t.dims()[0] % Q8_0_BLOCK == 0;
      if (quantize) {
        w.addTensor(t.name(), GgmlType.Q8_0, t.dims(), out -> writeQ8_0(t.values().read(), out));
      } else {
        w.addTensor(t.name(), GgmlType.F32, t.dims(), out -> writeF32(t.values().read(), out));
      }
    }
    return w;
  }

  static void putTokenizer(GgufWriter w, TokenizerMetadata v) {
    w.putString("tokenizer.ggml.model", v.model());
    v.pre().ifPresent(p -> w.putString("tokenizer.ggml.pre", p));
    w.putStringArray("tokenizer.ggml.tokens", v.tokens());
    if (v.scores() != null) {
      w.putFloat32Array("tokenizer.ggml.scores", v.scores());
    }
    w.putInt32Array("tokenizer.ggml.token_type", v.types());
    if (v.merges() != null) {
      w.putStringArray("tokenizer.ggml.merges", v.merges());
    }
    if (v.bos() >= 0) {
      w.putUint32("tokenizer.ggml.bos_token_id", v.bos());
    }
    w.putUint32("tokenizer.ggml.eos_token_id", v.eos());
    if (v.unknown() >= 0) {
      w.putUint32("tokenizer.ggml.unknown_token_id", v.unknown());
    }
    w.putBool("tokenizer.ggml.add_bos_token", v.addBos());
    w.putBool("tokenizer.ggml.add_eos_token", false);
    v.chatTemplate().ifPresent(t -> w.putString("tokenizer.chat_template", t));
  }

  /** Writes {@code values} as little-endian float32. */
  public static void writeF32(float[] values, OutputStream out) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : values) {
      if (!b.hasRemaining()) {
        out.write(b.array(), 0, b.position());
        b.clear();
      }
      b.putFloat(f);
    }
    out.write(b.array(), 0, b.position());
  }

  /**
   * Writes {@code values} as Q8_0 blocks per llama.cpp's {@code quantize_row_q8_0_ref}.
   *
   * @param values a whole number of 32-value blocks
   */
  public static void writeQ8_0(float[] values, OutputStream out) throws IOException {
    if (values.length % Q8_0_BLOCK != 0) {
      throw new IllegalArgumentException(values.length + " values are not whole Q8_0 blocks");
    }
    ByteBuffer b = ByteBuffer.allocate(Q8_0_BYTES * 1024).order(ByteOrder.LITTLE_ENDIAN);
    for (int block = 0; block < values.length; block += Q8_0_BLOCK) {
      if (b.remaining() < Q8_0_BYTES) {
        out.write(b.array(), 0, b.position());
        b.clear();
      }
      float amax = 0;
      for (int j = 0; j < Q8_0_BLOCK; j++) {
        amax = Math.max(amax, Math.abs(values[block + j]));
      }
      float d = amax / 127f;
      float id = d != 0 ? 1f / d : 0f;
      b.putShort(Half.fromFloat(d));
      for (int j = 0; j < Q8_0_BLOCK; j++) {
        float x = values[block + j] * id;
        b.put((byte) (int) Math.copySign(Math.floor(Math.abs((double) x) + 0.5), x)); // roundf
      }
    }
    out.write(b.array(), 0, b.position());
  }
}
