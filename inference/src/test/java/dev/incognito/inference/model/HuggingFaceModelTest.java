package dev.incognito.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HuggingFaceModelTest {

  static JsonObject json(String text) {
    try (JsonReader r = Json.createReader(new StringReader(text))) {
      return r.readObject();
    }
  }

  /** The float32 safetensors file read plainly, by the format's README. */
  static Map<String, double[][]> readSafetensors(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) b.getLong();
    byte[] h = new byte[n];
    b.get(h);
    JsonObject header = json(new String(h, StandardCharsets.UTF_8));
    Map<String, double[][]> out = new HashMap<>();
    for (String name : header.keySet()) {
      if (name.equals("__metadata__")) {
        continue;
      }
      JsonObject t = header.getJsonObject(name);
      assertEquals("F32", t.getString("dtype"));
      JsonArray shape = t.getJsonArray("shape");
      int rows = shape.size() == 2 ? shape.getInt(0) : 1;
      int cols = shape.getInt(shape.size() - 1);
      int off = 8 + n + t.getJsonArray("data_offsets").getInt(0);
      double[][] m = new double[rows][cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          m[r][c] = b.getFloat(off + 4 * (r * cols + c));
        }
      }
      out.put(name, m);
    }
    return out;
  }

  static ReferenceLlama reference(Path dir) throws IOException {
    Map<String, double[][]> t = readSafetensors(dir.resolve("model.safetensors"));
    JsonObject cfg = json(Files.readString(dir.resolve("config.json")));
    List<ReferenceLlama.Layer> layers = new ArrayList<>();
    for (int l = 0; l < cfg.getInt("num_hidden_layers"); l++) {
      String p = "model.layers." + l + ".";
      layers.add(
          new ReferenceLlama.Layer(
              t.get(p + "input_layernorm.weight")[0],
              t.get(p + "self_attn.q_proj.weight"),
              t.get(p + "self_attn.k_proj.weight"),
              t.get(p + "self_attn.v_proj.weight"),
              t.get(p + "self_attn.o_proj.weight"),
              null,
              null,
              null,
              t.get(p + "post_attention_layernorm.weight")[0],
              t.get(p + "mlp.gate_proj.weight"),
              t.get(p + "mlp.up_proj.weight"),
              t.get(p + "mlp.down_proj.weight")));
    }
    return new ReferenceLlama(
        new ReferenceLlama.Weights(
            t.getOrDefault("model.embed_tokens.weight", t.get("lm_head.weight")),
            layers,
            t.get("model.norm.weight")[0],
            t.get("lm_head.weight")),
        cfg.getInt("num_attention_heads"),
        cfg.getInt("num_key_value_heads"),
        cfg.getJsonNumber("rms_norm_eps").doubleValue(),
        cfg.getJsonNumber("rope_theta").doubleValue(),
        false);
  }

  /** Token id to text through tokenizer.json's vocabulary ("▁" is a space). */
  static String detokenize(Path dir, int[] tokens) throws IOException {
    JsonObject vocab =
        json(Files.readString(dir.resolve("tokenizer.json")))
            .getJsonObject("model")
            .getJsonObject("vocab");
    String[] pieces = new String[vocab.size() + 16];
    vocab.forEach((k, v) -> pieces[((jakarta.json.JsonNumber) v).intValue()] = k);
    StringBuilder sb = new StringBuilder();
    for (int t : tokens) {
      sb.append(pieces[t]);
    }
    return sb.toString().replace('▁', ' ');
  }

  @Test
  void load_readsConfigAndLayout() throws Exception {
    Path dir = Models.tinyStories656k();
    try (LlamaModel m = LlamaModel.load(dir, new LoadOptions(1, true))) {
      ModelConfig c = m.config();
      assertEquals(128, c.dim());
      assertEquals(384, c.hiddenDim());
      assertEquals(2, c.layers());
      assertEquals(8, c.heads());
      assertEquals(4, c.kvHeads());
      assertEquals(16, c.headDim());
      assertEquals(2048, c.vocabSize());
      assertEquals(512, c.contextLength());
      assertEquals(1e-6f, c.rmsEps());
      assertEquals(ModelConfig.RopeStyle.HALF, c.ropeStyle());
      assertTrue(c.tiedEmbeddings());
      assertFalse(c.qkvBias());
      assertEquals(ModelSource.Format.HUGGING_FACE, m.source().format());
      assertEquals(dir.resolve("tokenizer.json"), m.source().tokenizer().orElseThrow());
      String manifest =
          hex(sha256(Files.readAllBytes(dir.resolve("config.json"))))
              + "  config.json\n"
              + hex(sha256(Files.readAllBytes(dir.resolve("model.safetensors"))))
              + "  model.safetensors\n";
      assertEquals(hex(sha256(manifest.getBytes(StandardCharsets.UTF_8))), m.weightsSha256());
    }
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Test
  void greedy_matchesFloat64Reference_andTellsAStory() throws Exception {
    Path dir = Models.tinyStories656k();
    int[] prompt = {1}; // <|start_story|>
    for (boolean simd : new boolean[] {false, true}) {
      try (LlamaModel m = LlamaModel.load(dir, new LoadOptions(2, simd))) {
        int[] out = Llama2cModelTest.greedyAgainstReference(m, reference(dir), prompt, 40);
        String story = detokenize(dir, out);
        assertTrue(story.contains("Once upon a time"), story);
      }
    }
  }
}
