package dev.incognito.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.inference.cpu.Kernels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Llama2cModelTest {
  static final int STEPS = 48;

  /** The stories260K checkpoint read plainly, straight from llama2.c's memory_map_weights. */
  static ReferenceLlama reference(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int dim = b.getInt();
    int hidden = b.getInt();
    int layers = b.getInt();
    int heads = b.getInt();
    int kvHeads = b.getInt();
    int vocab = Math.abs(b.getInt());
    int seqLen = b.getInt();
    int kvDim = dim / heads * kvHeads;
    FloatBuffer f = b.asFloatBuffer();
    double[][] emb = matrix(f, vocab, dim);
    double[][] rmsAtt = matrix(f, layers, dim);
    double[][][] wq = new double[layers][][];
    for (int l = 0; l < layers; l++) wq[l] = matrix(f, dim, dim);
    double[][][] wk = new double[layers][][];
    for (int l = 0; l < layers; l++) wk[l] = matrix(f, kvDim, dim);
    double[][][] wv = new double[layers][][];
    for (int l = 0; l < layers; l++) wv[l] = matrix(f, kvDim, dim);
    double[][][] wo = new double[layers][][];
    for (int l = 0; l < layers; l++) wo[l] = matrix(f, dim, dim);
    double[][] rmsFfn = matrix(f, layers, dim);
    double[][][] w1 = new double[layers][][];
    for (int l = 0; l < layers; l++) w1[l] = matrix(f, hidden, dim);
    double[][][] w2 = new double[layers][][];
    for (int l = 0; l < layers; l++) w2[l] = matrix(f, dim, hidden);
    double[][][] w3 = new double[layers][][];
    for (int l = 0; l < layers; l++) w3[l] = matrix(f, hidden, dim);
    double[] finalNorm = matrix(f, 1, dim)[0];
    List<ReferenceLlama.Layer> ls = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      ls.add(
          new ReferenceLlama.Layer(
              rmsAtt[l], wq[l], wk[l], wv[l], wo[l], null, null, null, rmsFfn[l], w1[l], w3[l],
              w2[l]));
    }
    assertEquals(512, seqLen);
    return new ReferenceLlama(
        new ReferenceLlama.Weights(emb, ls, finalNorm, emb), heads, kvHeads, 1e-5, 10000, true);
  }

  static double[][] matrix(FloatBuffer f, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = f.get();
      }
    }
    return m;
  }

  static LlamaModel load(boolean simd, int threads) throws ModelFormatException {
    return LlamaModel.load(Models.stories260k(), new LoadOptions(threads, simd));
  }

  static int[] prompt() throws IOException {
    return new Llama2cTokens(Models.tok512(), 512).encode("Once upon a time");
  }

  @Test
  void load_readsHeader() throws Exception {
    try (LlamaModel m = load(true, 1)) {
      ModelConfig c = m.config();
      assertEquals(64, c.dim());
      assertEquals(172, c.hiddenDim());
      assertEquals(5, c.layers());
      assertEquals(8, c.heads());
      assertEquals(4, c.kvHeads());
      assertEquals(8, c.headDim());
      assertEquals(512, c.vocabSize());
      assertEquals(512, c.contextLength());
      assertTrue(c.tiedEmbeddings());
      assertEquals(ModelConfig.RopeStyle.INTERLEAVED, c.ropeStyle());
      assertEquals(ModelSource.Format.LLAMA2C, m.source().format());
      assertTrue(m.source().tokenizer().isEmpty());
      assertEquals(2L * 5 * 100 * 32 * 4, m.cacheBytes(100));
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(Models.stories260k()));
      assertEquals(HexFormat.of().formatHex(digest), m.weightsSha256());
    }
  }

  /** Greedy generation; at every step the logits match the float64 reference. */
  static int[] greedyAgainstReference(LlamaModel m, ReferenceLlama ref, int[] prompt, int steps) {
    double[] expected = null;
    for (int t : prompt) {
      expected = ref.step(t);
    }
    try (Sequence s = m.newSequence(m.config().contextLength())) {
      float[] logits = m.prefill(s, prompt);
      int[] out = new int[steps];
      for (int i = 0; i < steps; i++) {
        double err = ReferenceLlama.relativeL2(logits, expected);
        assertTrue(err < 1e-4, "step " + i + ": relative L2 error " + err);
        int next = ReferenceLlama.argmax(logits);
        out[i] = next;
        expected = ref.step(next);
        float[][] l = new float[1][m.config().vocabSize()];
        m.decode(List.of(s), new int[] {next}, l);
        logits = l[0];
      }
      return out;
    }
  }

  @Test
  void greedy_matchesFloat64Reference_scalar() throws Exception {
    try (LlamaModel m = load(false, 1)) {
      assertEquals("scalar", m.kernels());
      greedyAgainstReference(m, reference(Models.stories260k()), prompt(), STEPS);
    }
  }

  @Test
  void greedy_matchesFloat64Reference_simdThreaded() throws Exception {
    try (LlamaModel m = load(true, 3)) {
      greedyAgainstReference(m, reference(Models.stories260k()), prompt(), STEPS);
    }
  }

  @Test
  void greedy_tellsTheStoryOfLily() throws Exception {
    Llama2cTokens tok = new Llama2cTokens(Models.tok512(), 512);
    int[] prompt = tok.encode("Once upon a time");
    try (LlamaModel m = load(true, 2);
        Sequence s = m.newSequence(256)) {
      float[] logits = m.prefill(s, prompt);
      int[] out = new int[80];
      for (int i = 0; i < out.length; i++) {
        out[i] = ReferenceLlama.argmax(logits);
        float[][] l = new float[1][512];
        m.decode(List.of(s), new int[] {out[i]}, l);
        logits = l[0];
      }
      String story = tok.decode(prompt) + tok.decode(out);
      assertTrue(story.startsWith("Once upon a time"), story);
      assertTrue(story.contains("there was a little girl named Lily"), story);
    }
  }

  @Test
  void simdAndScalar_agree() throws Exception {
    int[] prompt = prompt();
    try (LlamaModel a = load(false, 1);
        LlamaModel b = load(true, 2);
        Sequence sa = a.newSequence(64);
        Sequence sb = b.newSequence(64)) {
      float[] la = a.prefill(sa, prompt);
      float[] lb = b.prefill(sb, prompt);
      double num = 0;
      double den = 0;
      for (int i = 0; i < la.length; i++) {
        num += (la[i] - lb[i]) * (la[i] - lb[i]);
        den += la[i] * la[i];
      }
      assertTrue(Math.sqrt(num / den) < 1e-5, "scalar vs simd " + Math.sqrt(num / den));
    }
  }

  @Test
  void batchedDecode_equalsSeparateDecodes() throws Exception {
    int[][] prompts = {{1, 403, 407}, {1, 200}, {1, 32, 33, 34, 35}};
    int[] next = {100, 101, 102};
    try (LlamaModel m = load(true, 2)) {
      float[][] separate = new float[3][512];
      for (int i = 0; i < 3; i++) {
        try (Sequence s = m.newSequence(32)) {
          m.prefill(s, prompts[i]);
          float[][] l = new float[1][512];
          m.decode(List.of(s), new int[] {next[i]}, l);
          separate[i] = l[0];
        }
      }
      List<Sequence> seqs = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Sequence s = m.newSequence(32);
          seqs.add(s);
          m.prefill(s, prompts[i]);
        }
        float[][] batched = new float[3][512];
        m.decode(seqs, next, batched);
        for (int i = 0; i < 3; i++) {
          assertArrayEquals(separate[i], batched[i], 1e-5f, "sequence " + i);
          assertEquals(prompts[i].length + 1, seqs.get(i).position());
        }
      } finally {
        seqs.forEach(Sequence::close);
      }
    }
  }

  @Test
  void prefill_equalsTokenByTokenDecode() throws Exception {
    int[] prompt = new int[150]; // more than one prefill chunk
    for (int i = 0; i < prompt.length; i++) {
      prompt[i] = (i * 37 + 11) % 512;
    }
    try (LlamaModel m = load(true, 2);
        Sequence a = m.newSequence(200);
        Sequence b = m.newSequence(200)) {
      float[] chunked = m.prefill(a, prompt);
      float[][] l = new float[1][512];
      for (int t : prompt) {
        m.decode(List.of(b), new int[] {t}, l);
      }
      assertArrayEquals(l[0], chunked, 1e-4f);
    }
  }

  @Test
  void overflowAndBadInput_areRejectedBeforeAnyChange() throws Exception {
    try (LlamaModel m = load(false, 1);
        Sequence s = m.newSequence(4)) {
      assertThrows(IllegalArgumentException.class, () -> m.prefill(s, new int[] {1, 2, 3, 4, 5}));
      assertEquals(0, s.position());
      assertThrows(IllegalArgumentException.class, () -> m.prefill(s, new int[] {1, 512}));
      assertThrows(IllegalArgumentException.class, () -> m.prefill(s, new int[0]));
      m.prefill(s, new int[] {1, 2, 3, 4});
      float[][] l = new float[1][512];
      IllegalArgumentException full =
          assertThrows(
              IllegalArgumentException.class, () -> m.decode(List.of(s), new int[] {5}, l));
      assertTrue(full.getMessage().contains("context full"), full.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> m.decode(List.of(s, s), new int[] {5, 6}, new float[2][512]));
      assertThrows(IllegalArgumentException.class, () -> m.newSequence(513));
      s.close();
      assertThrows(IllegalArgumentException.class, () -> m.prefill(s, new int[] {1}));
    }
  }

  @Test
  void loadOptions_chooseTheKernels() throws Exception {
    assumeTrue(Kernels.simdAvailable(), "this runtime's Vector API has no ByteBuffer loads");
    try (LlamaModel scalar = load(false, 1);
        LlamaModel simd = load(true, 1)) {
      assertEquals("scalar", scalar.kernels());
      assertEquals(Kernels.simd().name(), simd.kernels());
    }
    assertEquals(
        !"false".equalsIgnoreCase(System.getProperty(Kernels.SIMD_PROPERTY, "true")),
        LoadOptions.defaults().simd());
  }
}
