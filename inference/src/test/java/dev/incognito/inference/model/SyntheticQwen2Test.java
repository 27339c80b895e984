package dev.incognito.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.inference.cpu.Half;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small random Qwen2 checkpoint written here as a Hugging Face folder: q/k/v biases, an untied
 * classifier, F16 and BF16 tensors, a GQA group of 3 and linear RoPE scaling, checked against the
 * float64 reference over the same (rounded) weights.
 */
class SyntheticQwen2Test {
  @TempDir Path tmp;

  static final int DIM = 96;
  static final int HIDDEN = 160;
  static final int LAYERS = 2;
  static final int HEADS = 6;
  static final int KV_HEADS = 2;
  static final int HEAD_DIM = 16;
  static final int VOCAB = 300;

  private final Random rnd = new Random(42);
  private final Map<String, double[][]> values = new LinkedHashMap<>();
  private final Map<String, String> dtypes = new LinkedHashMap<>();

  /** Random tensor, rounded to its dtype so reference and model see the same numbers. */
  private void tensor(String name, String dtype, int rows, int cols, double scale, double mean) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int c = 0; c < cols; c++) {
        float v = (float) (mean + rnd.nextGaussian() * scale);
        if (dtype.equals("F16")) {
          v = Half.f16ToFloat(Half.floatToF16(v));
        } else if (dtype.equals("BF16")) {
          v = Float.intBitsToFloat(Float.floatToIntBits(v) & 0xFFFF0000);
        }
        row[c] = v;
      }
    }
    values.put(name, m);
    dtypes.put(name, dtype + (rows == 1 && !name.endsWith("weight_2d") ? ":1d" : ""));
  }

  private Path writeFolder() throws Exception {
    tensor("model.embed_tokens.weight", "BF16", VOCAB, DIM, 1, 0);
    tensor("lm_head.weight", "F16", VOCAB, DIM, 0.1, 0);
    tensor("model.norm.weight", "F32", 1, DIM, 0.1, 1);
    for (int l = 0; l < LAYERS; l++) {
      String p = "model.layers." + l + ".";
      tensor(p + "input_layernorm.weight", "F32", 1, DIM, 0.1, 1);
      tensor(p + "post_attention_layernorm.weight", "F32", 1, DIM, 0.1, 1);
      tensor(p + "self_attn.q_proj.weight", "F16", HEADS * HEAD_DIM, DIM, 0.1, 0);
      tensor(p + "self_attn.k_proj.weight", "F16", KV_HEADS * HEAD_DIM, DIM, 0.1, 0);
      tensor(p + "self_attn.v_proj.weight", "BF16", KV_HEADS * HEAD_DIM, DIM, 0.1, 0);
      tensor(p + "self_attn.q_proj.bias", "F32", 1, HEADS * HEAD_DIM, 0.5, 0);
      tensor(p + "self_attn.k_proj.bias", "F32", 1, KV_HEADS * HEAD_DIM, 0.5, 0);
      tensor(p + "self_attn.v_proj.bias", "F32", 1, KV_HEADS * HEAD_DIM, 0.5, 0);
      tensor(p + "self_attn.o_proj.weight", "F32", DIM, HEADS * HEAD_DIM, 0.1, 0);
      tensor(p + "mlp.gate_proj.weight", "BF16", HIDDEN, DIM, 0.1, 0);
      tensor(p + "mlp.up_proj.weight", "F16", HIDDEN, DIM, 0.1, 0);
      tensor(p + "mlp.down_proj.weight", "F32", DIM, HIDDEN, 0.1, 0);
    }
    StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (Map.Entry<String, double[][]> e : values.entrySet()) {
      String[] dt = dtypes.get(e.getKey()).split(":");
      double[][] m = e.getValue();
      int width = dt[0].equals("F32") ? 4 : 2;
      ByteBuffer b =
          ByteBuffer.allocate(m.length * m[0].length * width).order(ByteOrder.LITTLE_ENDIAN);
      for (double[] row : m) {
        for (double v : row) {
          float f = (float) v;
          if (dt[0].equals("F32")) b.putFloat(f);
          else if (dt[0].equals("F16")) b.putShort(Half.floatToF16(f));
          else b.putShort((short) (Float.floatToIntBits(f) >>> 16));
        }
      }
      int begin = data.size();
      data.write(b.array());
      String shape =
          dt.length > 1 ? "[" + m[0].length + "]" : "[" + m.length + "," + m[0].length + "]";
      header.append(
          String.format(
              ",\"%s\":{\"dtype\":\"%s\",\"shape\":%s,\"data_offsets\":[%d,%d]}",
              e.getKey(), dt[0], shape, begin, data.size()));
    }
    header.append('}');
    byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
    Path dir = Files.createDirectories(tmp.resolve("qwen2"));
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(len.array());
    file.write(h);
    file.write(data.toByteArray());
    Files.write(dir.resolve("model.safetensors"), file.toByteArray());
    Files.writeString(
        dir.resolve("config.json"),
        "{\"architectures\":[\"Qwen2ForCausalLM\"],\"model_type\":\"qwen2\",\"hidden_size\":"
            + DIM
            + ",\"intermediate_size\":"
            + HIDDEN
            + ",\"num_hidden_layers\":"
            + LAYERS
            + ",\"num_attention_heads\":"
            + HEADS
            + ",\"num_key_value_heads\":"
            + KV_HEADS
            + ",\"vocab_size\":"
            + VOCAB
            + ",\"max_position_embeddings\":128,\"rms_norm_eps\":1e-6,\"rope_theta\":1000000.0,"
            + "\"rope_scaling\":{\"type\":\"linear\",\"factor\":2.0},"
            + "\"tie_word_embeddings\":false,\"use_sliding_window\":false,"
            + "\"sliding_window\":131072,\"hidden_act\":\"silu\"}");
    return dir;
  }

  private ReferenceLlama reference() {
    List<ReferenceLlama.Layer> layers = new ArrayList<>();
    for (int l = 0; l < LAYERS; l++) {
      String p = "model.layers." + l + ".";
      layers.add(
          new ReferenceLlama.Layer(
              values.get(p + "input_layernorm.weight")[0],
              values.get(p + "self_attn.q_proj.weight"),
              values.get(p + "self_attn.k_proj.weight"),
              values.get(p + "self_attn.v_proj.weight"),
              values.get(p + "self_attn.o_proj.weight"),
              values.get(p + "self_attn.q_proj.bias")[0],
              values.get(p + "self_attn.k_proj.bias")[0],
              values.get(p + "self_attn.v_proj.bias")[0],
              values.get(p + "post_attention_layernorm.weight")[0],
              values.get(p + "mlp.gate_proj.weight"),
              values.get(p + "mlp.up_proj.weight"),
              values.get(p + "mlp.down_proj.weight")));
    }
    return new ReferenceLlama(
        new ReferenceLlama.Weights(
            values.get("model.embed_tokens.weight"),
            layers,
            values.get("model.norm.weight")[0],
            values.get("lm_head.weight")),
        HEADS,
        KV_HEADS,
        1e-6,
        1e6,
        false,
        2.0);
  }

  /** The same weights as a qwen2-arch GGUF (F32, q/k not permuted: llama.cpp runs NEOX RoPE). */
  private Path writeGguf() throws Exception {
    dev.incognito.inference.gguf.GgufWriter w =
        new dev.incognito.inference.gguf.GgufWriter()
            .putString("general.architecture", "qwen2")
            .putUint32("qwen2.embedding_length", DIM)
            .putUint32("qwen2.feed_forward_length", HIDDEN)
            .putUint32("qwen2.block_count", LAYERS)
            .putUint32("qwen2.attention.head_count", HEADS)
            .putUint32("qwen2.attention.head_count_kv", KV_HEADS)
            .putUint32("qwen2.context_length", 128)
            .putFloat32("qwen2.attention.layer_norm_rms_epsilon", 1e-6f)
            .putFloat32("qwen2.rope.freq_base", 1e6f)
            .putString("qwen2.rope.scaling.type", "linear")
            .putFloat32("qwen2.rope.scaling.factor", 2f);
    Map<String, String> names = new LinkedHashMap<>();
    names.put("model.embed_tokens.weight", "token_embd.weight");
    names.put("lm_head.weight", "output.weight");
    names.put("model.norm.weight", "output_norm.weight");
    for (int l = 0; l < LAYERS; l++) {
      String p = "model.layers." + l + ".";
      String g = "blk." + l + ".";
      names.put(p + "input_layernorm.weight", g + "attn_norm.weight");
      names.put(p + "post_attention_layernorm.weight", g + "ffn_norm.weight");
      for (String x : new String[] {"q", "k", "v"}) {
        names.put(p + "self_attn." + x + "_proj.weight", g + "attn_" + x + ".weight");
        names.put(p + "self_attn." + x + "_proj.bias", g + "attn_" + x + ".bias");
      }
      names.put(p + "self_attn.o_proj.weight", g + "attn_output.weight");
      names.put(p + "mlp.gate_proj.weight", g + "ffn_gate.weight");
      names.put(p + "mlp.up_proj.weight", g + "ffn_up.weight");
      names.put(p + "mlp.down_proj.weight", g + "ffn_down.weight");
    }
    for (Map.Entry<String, String> e : names.entrySet()) {
      double[][] m = values.get(e.getKey());
      boolean vector = dtypes.get(e.getKey()).endsWith(":1d");
      ByteBuffer b = ByteBuffer.allocate(4 * m.length * m[0].length).order(ByteOrder.LITTLE_ENDIAN);
      for (double[] row : m) for (double v : row) b.putFloat((float) v);
      long[] dims = vector ? new long[] {m[0].length} : new long[] {m[0].length, m.length};
      w.addTensor(e.getValue(), dev.incognito.inference.gguf.GgmlType.F32, dims, b.flip());
    }
    Path out = tmp.resolve("qwen2.gguf");
    w.write(out);
    return out;
  }

  @Test
  void qwen2Gguf_matchesFloat64Reference() throws Exception {
    writeFolder();
    Path gguf = writeGguf();
    try (LlamaModel m = LlamaModel.load(gguf, new LoadOptions(2, true))) {
      ModelConfig c = m.config();
      assertTrue(c.qkvBias());
      assertFalse(c.tiedEmbeddings());
      assertEquals(ModelConfig.RopeStyle.HALF, c.ropeStyle());
      assertEquals(RopeScaling.linear(2f), c.ropeScaling());
      Llama2cModelTest.greedyAgainstReference(m, reference(), new int[] {5, 17, 250, 3}, 20);
    }
  }

  @Test
  void qwen2Folder_matchesFloat64Reference() throws Exception {
    Path dir = writeFolder();
    for (boolean simd : new boolean[] {false, true}) {
      try (LlamaModel m = LlamaModel.load(dir, new LoadOptions(2, simd))) {
        ModelConfig c = m.config();
        assertTrue(c.qkvBias());
        assertFalse(c.tiedEmbeddings());
        assertEquals(RopeScaling.Kind.LINEAR, c.ropeScaling().kind());
        assertEquals(HEAD_DIM, c.headDim());
        assertTrue(m.source().tokenizer().isEmpty());
        Llama2cModelTest.greedyAgainstReference(m, reference(), new int[] {5, 17, 250, 3}, 30);
      }
    }
  }
}
