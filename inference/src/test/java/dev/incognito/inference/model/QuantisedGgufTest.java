package dev.incognito.inference.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.inference.cpu.Quantize;
import dev.incognito.inference.cpu.Tensor;
import dev.incognito.inference.cpu.TensorType;
import dev.incognito.inference.gguf.GgmlType;
import dev.incognito.inference.gguf.GgufWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stories260K rewritten as GGUF with Q8_0 / Q4_0 matrices and an F16 embedding (the FFN down
 * projection, 172 wide, is not whole blocks and stays F32): the quantised pass matches a float64
 * pass over the same quantised weights, and Q8_0 still tells the story.
 */
class QuantisedGgufTest {
  @TempDir Path tmp;

  static float[] floats(Tensor t) {
    return t.toFloats();
  }

  static ByteBuffer encode(TensorType type, float[] v) {
    switch (type) {
      case F32:
        {
          ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
          b.asFloatBuffer().put(v);
          return b;
        }
      case F16:
        {
          ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
          for (float f : v) b.putShort(dev.incognito.inference.cpu.Half.floatToF16(f));
          return b.flip();
        }
      case Q8_0:
        return ByteBuffer.wrap(Quantize.q8_0(v));
      case Q4_0:
        return ByteBuffer.wrap(Quantize.q4_0(v));
      default:
        throw new AssertionError(type);
    }
  }

  static void add(GgufWriter w, String name, TensorType type, Tensor t) {
    float[] v = floats(t);
    if (t.cols() % type.blockSize() != 0) {
      type = TensorType.F32;
    }
    long[] dims = t.rows() == 1 ? new long[] {t.cols()} : new long[] {t.cols(), t.rows()};
    GgmlType g = GgmlType.values()[0];
    for (GgmlType x : GgmlType.values()) {
      if (x.id() == type.ggmlId()) g = x;
    }
    w.addTensor(name, g, dims, encode(type, v));
  }

  /** Writes stories260K as a llama-arch GGUF with {@code type} matrices. */
  Path convert(TensorType type) throws Exception {
    Path out = tmp.resolve("stories260K-" + type + ".gguf");
    try (LlamaModel m = LlamaModel.load(Models.stories260k(), new LoadOptions(1, false))) {
      ModelConfig c = m.config();
      LlamaWeights lw = m.weights();
      GgufWriter w =
          new GgufWriter()
              .putString("general.architecture", "llama")
              .putUint32("llama.embedding_length", c.dim())
              .putUint32("llama.feed_forward_length", c.hiddenDim())
              .putUint32("llama.block_count", c.layers())
              .putUint32("llama.attention.head_count", c.heads())
              .putUint32("llama.attention.head_count_kv", c.kvHeads())
              .putUint32("llama.context_length", c.contextLength())
              .putFloat32("llama.attention.layer_norm_rms_epsilon", c.rmsEps())
              .putFloat32("llama.rope.freq_base", c.ropeTheta());
      add(w, "token_embd.weight", TensorType.F16, lw.tokenEmbedding());
      add(
          w,
          "output_norm.weight",
          TensorType.F32,
          Tensor.ofFloats("n", 1, c.dim(), lw.finalNorm()));
      for (int l = 0; l < c.layers(); l++) {
        LlamaWeights.Layer L = lw.layers().get(l);
        String p = "blk." + l + ".";
        add(
            w,
            p + "attn_norm.weight",
            TensorType.F32,
            Tensor.ofFloats("n", 1, c.dim(), L.attnNorm()));
        add(
            w,
            p + "ffn_norm.weight",
            TensorType.F32,
            Tensor.ofFloats("n", 1, c.dim(), L.ffnNorm()));
        add(w, p + "attn_q.weight", type, L.wq());
        add(w, p + "attn_k.weight", type, L.wk());
        add(w, p + "attn_v.weight", type, L.wv());
        add(w, p + "attn_output.weight", type, L.wo());
        add(w, p + "ffn_gate.weight", type, L.gate());
        add(w, p + "ffn_up.weight", type, L.up());
        add(w, p + "ffn_down.weight", type, L.down());
      }
      w.write(out);
    }
    return out;
  }

  /** The float64 reference over the quantised model's decoded weights. */
  static ReferenceLlama referenceOf(LlamaModel m) {
    LlamaWeights w = m.weights();
    List<ReferenceLlama.Layer> layers = new java.util.ArrayList<>();
    for (LlamaWeights.Layer l : w.layers()) {
      layers.add(
          new ReferenceLlama.Layer(
              toDouble(l.attnNorm()),
              matrix(l.wq()),
              matrix(l.wk()),
              matrix(l.wv()),
              matrix(l.wo()),
              null,
              null,
              null,
              toDouble(l.ffnNorm()),
              matrix(l.gate()),
              matrix(l.up()),
              matrix(l.down())));
    }
    double[][] emb = matrix(w.tokenEmbedding());
    ModelConfig c = m.config();
    return new ReferenceLlama(
        new ReferenceLlama.Weights(emb, layers, toDouble(w.finalNorm()), emb),
        c.heads(),
        c.kvHeads(),
        c.rmsEps(),
        c.ropeTheta(),
        true);
  }

  static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  static double[][] matrix(Tensor t) {
    double[][] m = new double[t.rows()][];
    float[] row = new float[t.cols()];
    for (int r = 0; r < t.rows(); r++) {
      t.dequantizeRow(r, row, 0);
      m[r] = toDouble(row);
    }
    return m;
  }

  @Test
  void q8_0_and_q4_0_matchFloat64OverTheirOwnWeights() throws Exception {
    int[] prompt = Llama2cModelTest.prompt();
    for (TensorType type : new TensorType[] {TensorType.Q8_0, TensorType.Q4_0}) {
      Path gguf = convert(type);
      for (boolean simd : new boolean[] {false, true}) {
        try (LlamaModel m = LlamaModel.load(gguf, new LoadOptions(2, simd))) {
          assertTrue(m.weights().layers().get(0).wq().type() == type);
          Llama2cModelTest.greedyAgainstReference(m, referenceOf(m), prompt, 24);
        }
      }
    }
  }

  @Test
  void q8_0_stillTellsTheStory() throws Exception {
    Path gguf = convert(TensorType.Q8_0);
    Llama2cTokens tok = new Llama2cTokens(Models.tok512(), 512);
    int[] prompt = tok.encode("Once upon a time");
    try (LlamaModel m = LlamaModel.load(gguf, new LoadOptions(2, true));
        Sequence s = m.newSequence(64)) {
      float[] logits = m.prefill(s, prompt);
      int[] out = new int[20];
      for (int i = 0; i < out.length; i++) {
        out[i] = ReferenceLlama.argmax(logits);
        float[][] l = new float[1][512];
        m.decode(List.of(s), new int[] {out[i]}, l);
        logits = l[0];
      }
      String story = tok.decode(out);
      assertTrue(story.contains("Lily"), story);
    }
  }
}
