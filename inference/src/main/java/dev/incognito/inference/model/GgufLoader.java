package dev.incognito.inference.model;

import dev.incognito.inference.cpu.Tensor;
import dev.incognito.inference.cpu.TensorType;
import dev.incognito.inference.gguf.GgufFile;
import dev.incognito.inference.gguf.GgufFormatException;
import dev.incognito.inference.gguf.TensorData;
import dev.incognito.inference.gguf.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GGUF models of llama.cpp's {@code llama} and {@code qwen2} architectures: hyper-parameters from
 * {@code <arch>.*} metadata, tensors named {@code token_embd}, {@code blk.N.attn_q}, … ({@code
 * llama.cpp/src/llama-arch.cpp}).
 *
 * <p>RoPE: llama.cpp's converter permutes the q/k rows of {@code llama} models from Hugging Face's
 * rotate-half order into adjacent pairs ({@code LlamaModel.permute} in {@code
 * convert_hf_to_gguf.py}), and llama.cpp runs them with its "normal" RoPE, so {@code llama} is
 * {@link ModelConfig.RopeStyle#INTERLEAVED}; {@code qwen2} is left unpermuted and run with NEOX
 * RoPE, i.e. {@link ModelConfig.RopeStyle#HALF}.
 */
final class GgufLoader {
  private GgufLoader() {}

  static LlamaModel load(Path path, LoadOptions opts) throws ModelFormatException {
    try (GgufFile f = GgufFile.open(path)) {
      ModelConfig c = config(f);
      LlamaWeights w = weights(f, c);
      w.validate(c, path);
      String sha = Digests.sha256(path);
      return new LlamaModel(
          c, w, sha, new ModelSource(ModelSource.Format.GGUF, path, Optional.of(path)), opts);
    } catch (GgufFormatException e) {
      throw new ModelFormatException(path, e.getMessage(), e);
    } catch (IOException e) {
      throw new ModelFormatException(path, "cannot read: " + e.getMessage(), e);
    }
  }

  static ModelConfig config(GgufFile f) throws GgufFormatException, ModelFormatException {
    Path path = f.path();
    String arch = f.architecture();
    boolean qwen2 = arch.equals("qwen2");
    if (!qwen2 && !arch.equals("llama")) {
      throw new ModelFormatException(path, "architecture " + arch + " is not llama or qwen2");
    }
    String p = arch + ".";
    int dim = f.requireInt(p + "embedding_length");
    int heads = f.requireInt(p + "attention.head_count");
    int kvHeads = f.getInt(p + "attention.head_count_kv").orElse(heads);
    if (heads <= 0) {
      throw new ModelFormatException(path, "head count " + heads);
    }
    int headDim = f.getInt(p + "attention.key_length").orElse(dim / heads);
    int valueDim = f.getInt(p + "attention.value_length").orElse(headDim);
    int ropeDim = f.getInt(p + "rope.dimension_count").orElse(headDim);
    if (valueDim != headDim || ropeDim != headDim) {
      throw new ModelFormatException(
          path,
          "key length "
              + headDim
              + ", value length "
              + valueDim
              + " and rope dimensions "
              + ropeDim
              + " differ; not supported");
    }
    TensorInfo emb =
        f.tensor("token_embd.weight")
            .orElseThrow(() -> new ModelFormatException(path, "missing tensor token_embd.weight"));
    if (emb.nDims() != 2 || emb.dim(1) > Integer.MAX_VALUE) {
      throw new ModelFormatException(path, "token_embd.weight is not a matrix");
    }
    RopeScaling scaling = ropeScaling(f, p, headDim);
    try {
      return new ModelConfig(
          dim,
          f.requireInt(p + "feed_forward_length"),
          f.requireInt(p + "block_count"),
          heads,
          kvHeads,
          headDim,
          (int) emb.dim(1),
          f.requireInt(p + "context_length"),
          f.getFloat(p + "attention.layer_norm_rms_epsilon").orElse(1e-5f),
          f.getFloat(p + "rope.freq_base").orElse(10000f),
          qwen2 ? ModelConfig.RopeStyle.HALF : ModelConfig.RopeStyle.INTERLEAVED,
          scaling,
          f.tensor("output.weight").isEmpty(),
          qwen2 || f.tensor("blk.0.attn_q.bias").isPresent());
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(path, "bad hyper-parameters: " + e.getMessage(), e);
    }
  }

  private static RopeScaling ropeScaling(GgufFile f, String p, int headDim)
      throws GgufFormatException, ModelFormatException {
    Optional<TensorInfo> freqs = f.tensor("rope_freqs.weight");
    String type = f.getString(p + "rope.scaling.type").orElse("none");
    try {
      if (freqs.isPresent()) {
        if (freqs.get().elementCount() != headDim / 2) {
          throw new ModelFormatException(f.path(), "rope_freqs.weight has the wrong length");
        }
        return RopeScaling.frequencyFactors(vector(f, "rope_freqs.weight", headDim / 2));
      }
      switch (type) {
        case "none":
          return RopeScaling.none();
        case "linear":
          return RopeScaling.linear(
              f.getFloat(p + "rope.scaling.factor")
                  .orElseThrow(() -> new ModelFormatException(f.path(), "no rope scaling factor")));
        default:
          throw new ModelFormatException(f.path(), "rope scaling " + type + " is not supported");
      }
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(f.path(), "bad rope scaling: " + e.getMessage(), e);
    }
  }

  private static LlamaWeights weights(GgufFile f, ModelConfig c)
      throws GgufFormatException, ModelFormatException {
    Tensor emb = matrix(f, "token_embd.weight");
    List<LlamaWeights.Layer> layers = new ArrayList<>();
    for (int l = 0; l < c.layers(); l++) {
      String p = "blk." + l + ".";
      boolean bias = c.qkvBias();
      layers.add(
          new LlamaWeights.Layer(
              vector(f, p + "attn_norm.weight", c.dim()),
              matrix(f, p + "attn_q.weight"),
              matrix(f, p + "attn_k.weight"),
              matrix(f, p + "attn_v.weight"),
              matrix(f, p + "attn_output.weight"),
              bias ? vector(f, p + "attn_q.bias", c.qDim()) : null,
              bias ? vector(f, p + "attn_k.bias", c.kvDim()) : null,
              bias ? vector(f, p + "attn_v.bias", c.kvDim()) : null,
              vector(f, p + "ffn_norm.weight", c.dim()),
              matrix(f, p + "ffn_gate.weight"),
              matrix(f, p + "ffn_up.weight"),
              matrix(f, p + "ffn_down.weight")));
    }
    float[] norm = vector(f, "output_norm.weight", c.dim());
    Tensor out = c.tiedEmbeddings() ? emb : matrix(f, "output.weight");
    return new LlamaWeights(emb, layers, norm, out);
  }

  private static TensorType type(GgufFile f, TensorInfo info) throws ModelFormatException {
    TensorType t = TensorType.ofGgmlId(info.type().id());
    if (t == null) {
      throw new ModelFormatException(
          f.path(), "tensor " + info.name() + " has type " + info.type() + ", not supported");
    }
    return t;
  }

  /** A matrix {@code (dims[1] rows, dims[0] cols)}. */
  private static Tensor matrix(GgufFile f, String name)
      throws GgufFormatException, ModelFormatException {
    TensorData d = f.tensorData(name);
    TensorInfo info = d.info();
    if (info.nDims() != 2 || info.dim(0) > Integer.MAX_VALUE || info.dim(1) > Integer.MAX_VALUE) {
      throw new ModelFormatException(f.path(), "tensor " + name + " is not a matrix");
    }
    ByteBuffer[] segments = new ByteBuffer[d.segmentCount()];
    for (int i = 0; i < segments.length; i++) {
      segments[i] = d.segment(i);
    }
    try {
      return Tensor.of(
          name,
          type(f, info),
          (int) info.dim(1),
          (int) info.dim(0),
          segments,
          (int) Math.min(d.rowsPerSegment(), info.dim(1)));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(f.path(), e.getMessage(), e);
    }
  }

  /** A one-dimensional tensor of {@code n} elements, as floats. */
  private static float[] vector(GgufFile f, String name, int n)
      throws GgufFormatException, ModelFormatException {
    TensorData d = f.tensorData(name);
    TensorInfo info = d.info();
    if (info.nDims() != 1 || info.dim(0) != n) {
      throw new ModelFormatException(
          f.path(), "tensor " + name + " has shape " + info + ", expected (" + n + ")");
    }
    try {
      return Tensor.of(name, type(f, info), 1, n, d.buffer()).toFloats();
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(f.path(), e.getMessage(), e);
    }
  }
}
