package dev.incognito.inference.model;

import dev.incognito.inference.cpu.Tensor;
import dev.incognito.inference.cpu.TensorType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * llama2.c legacy checkpoints ({@code run.c}): a header of seven little-endian int32 — dim,
 * hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size (negative when the classifier is stored
 * separately), seq_len — then float32 weights in this order: token embedding, attention RMS
 * weights, wq, wk, wv, wo (each for all layers), FFN RMS weights, w1, w2, w3, final RMS weight, the
 * obsolete RoPE tables ({@code seq_len * head_size} floats), and the classifier when unshared. RoPE
 * rotates interleaved pairs; eps 1e-5, theta 10000.
 */
final class Llama2cLoader {
  private static final int HEADER_BYTES = 7 * 4;

  /** First int32 of llama2.c's versioned export formats ("ak42"), which are not read here. */
  private static final int VERSIONED_MAGIC = 0x616b3432;

  private Llama2cLoader() {}

  static LlamaModel load(Path path, LoadOptions opts) throws ModelFormatException {
    try (MappedFile f = MappedFile.open(path)) {
      ModelConfig c = readConfig(f);
      LlamaWeights w = readWeights(f, c);
      w.validate(c, path);
      if (f.size() != expectedSize(c)) {
        throw new ModelFormatException(
            path, "size " + f.size() + " bytes does not match the header's " + expectedSize(c));
      }
      String sha = Digests.sha256(path);
      return new LlamaModel(
          c, w, sha, new ModelSource(ModelSource.Format.LLAMA2C, path, Optional.empty()), opts);
    } catch (IOException e) {
      throw new ModelFormatException(path, "cannot read: " + e.getMessage(), e);
    }
  }

  static ModelConfig readConfig(MappedFile f) throws ModelFormatException {
    ByteBuffer h = f.read(0, HEADER_BYTES);
    int dim = h.getInt();
    if (dim == VERSIONED_MAGIC) {
      throw new ModelFormatException(
          f.path(), "llama2.c versioned export (magic ak42) is not supported; use the legacy one");
    }
    int hidden = h.getInt();
    int layers = h.getInt();
    int heads = h.getInt();
    int kvHeads = h.getInt();
    int vocab = h.getInt();
    int seqLen = h.getInt();
    boolean shared = vocab > 0;
    if (vocab == Integer.MIN_VALUE) {
      throw new ModelFormatException(f.path(), "vocab size out of range");
    }
    if (heads <= 0 || dim % heads != 0) {
      throw new ModelFormatException(f.path(), "dim " + dim + " not divisible by heads " + heads);
    }
    try {
      return new ModelConfig(
          dim,
          hidden,
          layers,
          heads,
          kvHeads,
          dim / heads,
          Math.abs(vocab),
          seqLen,
          1e-5f,
          10000f,
          ModelConfig.RopeStyle.INTERLEAVED,
          RopeScaling.none(),
          shared,
          false);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(f.path(), "bad header: " + e.getMessage(), e);
    }
  }

  /** Bytes the whole checkpoint must have. */
  static long expectedSize(ModelConfig c) {
    long floats = 0;
    for (long n : sections(c)) {
      floats += n;
    }
    return HEADER_BYTES + 4 * floats;
  }

  /** Float counts of the sections in file order. */
  private static long[] sections(ModelConfig c) {
    long dim = c.dim();
    long layers = c.layers();
    long qDim = c.qDim();
    long kvDim = c.kvDim();
    long hidden = c.hiddenDim();
    long vocab = c.vocabSize();
    return new long[] {
      vocab * dim, // token embedding
      layers * dim, // rms_att
      layers * dim * qDim, // wq
      layers * dim * kvDim, // wk
      layers * dim * kvDim, // wv
      layers * qDim * dim, // wo
      layers * dim, // rms_ffn
      layers * dim * hidden, // w1
      layers * hidden * dim, // w2
      layers * dim * hidden, // w3
      dim, // rms_final
      (long) c.contextLength() * c.headDim(), // freq_cis_real + freq_cis_imag
      c.tiedEmbeddings() ? 0 : vocab * dim // wcls
    };
  }

  private static LlamaWeights readWeights(MappedFile f, ModelConfig c) throws ModelFormatException {
    long expected = expectedSize(c);
    if (f.size() < expected) {
      throw new ModelFormatException(
          f.path(), "truncated: " + f.size() + " bytes, the header needs " + expected);
    }
    long[] sec = sections(c);
    long[] start = new long[sec.length];
    long off = HEADER_BYTES;
    for (int i = 0; i < sec.length; i++) {
      start[i] = off;
      off += 4 * sec[i];
    }
    int dim = c.dim();
    int qDim = c.qDim();
    int kvDim = c.kvDim();
    int hidden = c.hiddenDim();
    Tensor emb = f.tensor("token_embedding", TensorType.F32, c.vocabSize(), dim, start[0]);
    List<LlamaWeights.Layer> layers = new ArrayList<>();
    for (int l = 0; l < c.layers(); l++) {
      layers.add(
          new LlamaWeights.Layer(
              f.floats(start[1] + 4L * l * dim, dim),
              f.tensor("wq." + l, TensorType.F32, qDim, dim, start[2] + 4L * l * dim * qDim),
              f.tensor("wk." + l, TensorType.F32, kvDim, dim, start[3] + 4L * l * dim * kvDim),
              f.tensor("wv." + l, TensorType.F32, kvDim, dim, start[4] + 4L * l * dim * kvDim),
              f.tensor("wo." + l, TensorType.F32, dim, qDim, start[5] + 4L * l * qDim * dim),
              null,
              null,
              null,
              f.floats(start[6] + 4L * l * dim, dim),
              f.tensor("w1." + l, TensorType.F32, hidden, dim, start[7] + 4L * l * dim * hidden),
              f.tensor("w3." + l, TensorType.F32, hidden, dim, start[9] + 4L * l * dim * hidden),
              f.tensor("w2." + l, TensorType.F32, dim, hidden, start[8] + 4L * l * hidden * dim)));
    }
    float[] finalNorm = f.floats(start[10], dim);
    Tensor out =
        c.tiedEmbeddings() ? emb : f.tensor("wcls", TensorType.F32, c.vocabSize(), dim, start[12]);
    return new LlamaWeights(emb, layers, finalNorm, out);
  }
}
