package dev.incognito.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.inference.gguf.GgufFile;
import dev.incognito.inference.gguf.TensorData;
import dev.incognito.inference.gguf.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class GgufModelTest {
  /** "Once upon a time" in the LLaMA vocabulary: BOS, ▁Once, ▁upon, ▁a, ▁time. */
  static final int[] PROMPT = {1, 9038, 2501, 263, 931};

  static double f16(short bits) {
    int h = bits & 0xFFFF;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    double v = exp == 0 ? mant * Math.pow(2, -24) : (1024 + mant) * Math.pow(2, exp - 25);
    return (h & 0x8000) != 0 ? -v : v;
  }

  /** A tensor as (rows = ne1, cols = ne0) doubles, F32 or F16 decoded here. */
  static double[][] read(GgufFile f, String name) throws Exception {
    TensorData d = f.tensorData(name);
    TensorInfo info = d.info();
    int cols = (int) info.dim(0);
    int rows = (int) info.rows();
    ByteBuffer b = d.buffer();
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int i = r * cols + c;
        switch (info.type()) {
          case F32:
            m[r][c] = b.getFloat(4 * i);
            break;
          case F16:
            m[r][c] = f16(b.getShort(2 * i));
            break;
          default:
            throw new AssertionError(info.type());
        }
      }
    }
    return m;
  }

  static ReferenceLlama reference(Path file) throws Exception {
    try (GgufFile f = GgufFile.open(file)) {
      List<ReferenceLlama.Layer> layers = new ArrayList<>();
      int n = f.requireInt("llama.block_count");
      for (int l = 0; l < n; l++) {
        String p = "blk." + l + ".";
        layers.add(
            new ReferenceLlama.Layer(
                read(f, p + "attn_norm.weight")[0],
                read(f, p + "attn_q.weight"),
                read(f, p + "attn_k.weight"),
                read(f, p + "attn_v.weight"),
                read(f, p + "attn_output.weight"),
                null,
                null,
                null,
                read(f, p + "ffn_norm.weight")[0],
                read(f, p + "ffn_gate.weight"),
                read(f, p + "ffn_up.weight"),
                read(f, p + "ffn_down.weight")));
      }
      double[][] emb = read(f, "token_embd.weight");
      double[][] out = f.tensor("output.weight").isPresent() ? read(f, "output.weight") : emb;
      int heads = f.requireInt("llama.attention.head_count");
      return new ReferenceLlama(
          new ReferenceLlama.Weights(emb, layers, read(f, "output_norm.weight")[0], out),
          heads,
          f.getInt("llama.attention.head_count_kv").orElse(heads),
          f.requireFloat("llama.attention.layer_norm_rms_epsilon"),
          f.getFloat("llama.rope.freq_base").orElse(10000f),
          true);
    }
  }

  @Test
  void load_readsMetadataAndDigest() throws Exception {
    Path file = Models.tinyRandomGguf();
    try (LlamaModel m = LlamaModel.load(file, new LoadOptions(1, true));
        GgufFile f = GgufFile.open(file)) {
      ModelConfig c = m.config();
      assertEquals(f.requireInt("llama.embedding_length"), c.dim());
      assertEquals(f.requireInt("llama.block_count"), c.layers());
      assertEquals(f.requireInt("llama.context_length"), c.contextLength());
      assertEquals(32000, c.vocabSize());
      assertEquals(ModelConfig.RopeStyle.INTERLEAVED, c.ropeStyle());
      assertEquals(ModelSource.Format.GGUF, m.source().format());
      assertEquals(file, m.source().tokenizer().orElseThrow());
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      assertEquals(HexFormat.of().formatHex(digest), m.weightsSha256());
    }
  }

  @Test
  void greedy_matchesFloat64Reference() throws Exception {
    Path file = Models.tinyRandomGguf();
    for (boolean simd : new boolean[] {false, true}) {
      try (LlamaModel m = LlamaModel.load(file, new LoadOptions(2, simd))) {
        Llama2cModelTest.greedyAgainstReference(m, reference(file), PROMPT, 16);
      }
    }
  }

  @Test
  void batchedDecode_equalsSeparateDecodes() throws Exception {
    try (LlamaModel m = LlamaModel.load(Models.tinyRandomGguf(), new LoadOptions(2, true))) {
      int v = m.config().vocabSize();
      int[][] prompts = {PROMPT, {1, 450}, {1, 3118, 338, 263}};
      int[] next = {29871, 13, 1576};
      float[][] separate = new float[3][];
      for (int i = 0; i < 3; i++) {
        try (Sequence s = m.newSequence(16)) {
          m.prefill(s, prompts[i]);
          float[][] l = new float[1][v];
          m.decode(List.of(s), new int[] {next[i]}, l);
          separate[i] = l[0];
        }
      }
      List<Sequence> seqs = new ArrayList<>();
      try {
        for (int[] p : prompts) {
          Sequence s = m.newSequence(16);
          seqs.add(s);
          m.prefill(s, p);
        }
        float[][] batched = new float[3][v];
        m.decode(seqs, next, batched);
        for (int i = 0; i < 3; i++) {
          double num = 0;
          double den = 0;
          for (int j = 0; j < v; j++) {
            num += (batched[i][j] - separate[i][j]) * (batched[i][j] - separate[i][j]);
            den += separate[i][j] * separate[i][j];
          }
          assertTrue(Math.sqrt(num / den) < 1e-6, "sequence " + i);
        }
      } finally {
        seqs.forEach(Sequence::close);
      }
    }
  }
}
