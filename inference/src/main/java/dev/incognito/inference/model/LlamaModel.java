package dev.incognito.inference.model;

import dev.incognito.inference.cpu.CpuBackend;
import dev.incognito.inference.cpu.Kernels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded Llama-family decoder on the CPU: RMSNorm, RoPE (either pairing, with theta and scaling),
 * grouped-query attention, SwiGLU, optional tied classifier and q/k/v biases.
 *
 * <p>Immutable and shared by every request; the per-request state is a {@link Sequence}. Methods
 * may be called from several threads at once, each with its own sequences.
 *
 * <p>Context overflow: {@link #prefill} and {@link #decode} throw {@link IllegalArgumentException}
 * before touching any cache when a sequence lacks room ({@link Sequence#remaining()}), as they do
 * for token ids outside the vocabulary.
 */
public final class LlamaModel implements AutoCloseable {
  /** Prompt positions pushed through the layers together. */
  static final int PREFILL_CHUNK = 64;

  /** Largest key/value cache of one sequence, in floats per layer. */
  public static final long MAX_CACHE_FLOATS_PER_LAYER = Integer.MAX_VALUE - 8;

  private final ModelConfig config;
  private final LlamaWeights weights;
  private final String weightsSha256;
  private final ModelSource source;
  private final CpuBackend cpu;
  private final double[] ropeFrequencies;

  LlamaModel(
      ModelConfig config,
      LlamaWeights weights,
      String weightsSha256,
      ModelSource source,
      LoadOptions opts) {
    this.config = config;
    this.weights = weights;
    this.weightsSha256 = weightsSha256;
    this.source = source;
    this.cpu = new CpuBackend(opts.threads(), opts.kernels());
    this.ropeFrequencies = config.ropeFrequencies();
  }

  /**
   * Loads a model: a directory is a Hugging Face folder; a file named {@code *.gguf} or starting
   * with the GGUF magic is GGUF; anything else is a llama2.c checkpoint.
   */
  public static LlamaModel load(Path path, LoadOptions opts) throws ModelFormatException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(opts, "opts");
    if (Files.isDirectory(path)) {
      return SafetensorsLoader.load(path, opts);
    }
    if (!Files.isRegularFile(path)) {
      throw new ModelFormatException(path, "no such file or folder");
    }
    if (isGguf(path)) {
      return GgufLoader.load(path, opts);
    }
    return Llama2cLoader.load(path, opts);
  }

  private static boolean isGguf(Path path) throws ModelFormatException {
    if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")) {
      return true;
    }
    byte[] magic = new byte[4];
    try (InputStream in = Files.newInputStream(path)) {
      return in.readNBytes(magic, 0, 4) == 4
          && "GGUF".equals(new String(magic, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new ModelFormatException(path, "cannot read: " + e.getMessage(), e);
    }
  }

  public ModelConfig config() {
    return config;
  }

  /** Lowercase hex SHA-256 of the weight file(s), computed once at load. */
  public String weightsSha256() {
    return weightsSha256;
  }

  public ModelSource source() {
    return source;
  }

  /** The weights (read-only tensors and float arrays the caller must not modify). */
  public LlamaWeights weights() {
    return weights;
  }

  /** The kernels in use: "scalar" or "simd-N". */
  public String kernels() {
    return cpu.kernels().name();
  }

  /** Threads per matrix product. */
  public int threads() {
    return cpu.threads();
  }

  /**
   * Heap bytes the key/value cache of a sequence of {@code maxContext} positions takes: {@code 2 *
   * layers * maxContext * kvDim * 4}. Size {@link #newSequence(int)} with it; a model's full
   * trained context can need tens of gigabytes.
   */
  public long cacheBytes(int maxContext) {
    return 2L * config.layers() * maxContext * config.kvDim() * Float.BYTES;
  }

  /**
   * A fresh, empty key/value cache for one request, of {@link #cacheBytes(int)} bytes.
   *
   * @param maxContext positions it may hold, 1..{@code config().contextLength()}
   * @throws IllegalArgumentException outside that range
   */
  public Sequence newSequence(int maxContext) {
    if (maxContext < 1 || maxContext > config.contextLength()) {
      throw new IllegalArgumentException(
          "max context " + maxContext + " outside 1.." + config.contextLength());
    }
    if ((long) maxContext * config.kvDim() > MAX_CACHE_FLOATS_PER_LAYER) {
      throw new IllegalArgumentException("max context " + maxContext + " is too large a cache");
    }
    return new Sequence(this, maxContext, config.layers(), config.kvDim());
  }

  /**
   * Runs the prompt {@code tokens} through the model at the sequence's next positions, in chunks of
   * {@value #PREFILL_CHUNK} positions, and returns the logits ({@code vocabSize}) after the last
   * one.
   *
   * @throws IllegalArgumentException on an empty prompt, a token outside the vocabulary, too little
   *     room in {@code seq}, or a closed or foreign sequence
   */
  public float[] prefill(Sequence seq, int[] tokens) {
    checkSequence(seq);
    if (tokens.length == 0) {
      throw new IllegalArgumentException("empty prompt");
    }
    checkRoom(seq, tokens.length);
    for (int t : tokens) {
      checkToken(t);
    }
    float[][] logits = new float[1][config.vocabSize()];
    for (int start = 0; start < tokens.length; start += PREFILL_CHUNK) {
      int n = Math.min(PREFILL_CHUNK, tokens.length - start);
      Sequence[] seqs = new Sequence[n];
      int[] pos = new int[n];
      for (int i = 0; i < n; i++) {
        seqs[i] = seq;
        pos[i] = seq.position() + i;
      }
      boolean last = start + n == tokens.length;
      forward(seqs, pos, Arrays.copyOfRange(tokens, start, start + n), last ? 1 : 0, logits);
      seq.advance(n);
    }
    return logits[0];
  }

  /**
   * One decoding step for several sequences at once: {@code tokens[i]} goes into {@code
   * seqs.get(i)} at its next position and {@code logitsOut[i]} ({@code vocabSize} floats) receives
   * the logits after it. One pass over the weights serves all sequences.
   *
   * @throws IllegalArgumentException on mismatched lengths, a sequence listed twice, a full, closed
   *     or foreign sequence, or a token outside the vocabulary
   */
  public void decode(List<Sequence> seqs, int[] tokens, float[][] logitsOut) {
    int n = seqs.size();
    if (n == 0 || tokens.length != n || logitsOut.length != n) {
      throw new IllegalArgumentException(
          n + " sequences, " + tokens.length + " tokens, " + logitsOut.length + " logit rows");
    }
    Map<Sequence, Boolean> seen = new IdentityHashMap<>();
    Sequence[] rows = new Sequence[n];
    int[] pos = new int[n];
    for (int i = 0; i < n; i++) {
      Sequence s = seqs.get(i);
      checkSequence(s);
      if (seen.put(s, Boolean.TRUE) != null) {
        throw new IllegalArgumentException("sequence listed twice in one decode step");
      }
      checkRoom(s, 1);
      checkToken(tokens[i]);
      if (logitsOut[i] == null || logitsOut[i].length < config.vocabSize()) {
        throw new IllegalArgumentException("logits row " + i + " shorter than the vocabulary");
      }
      rows[i] = s;
      pos[i] = s.position();
    }
    forward(rows, pos, tokens.clone(), n, logitsOut);
    for (Sequence s : rows) {
      s.advance(1);
    }
  }

  private void checkSequence(Sequence s) {
    Objects.requireNonNull(s, "sequence");
    if (s.model() != this) {
      throw new IllegalArgumentException("sequence belongs to another model");
    }
    if (s.isClosed()) {
      throw new IllegalArgumentException("sequence is closed");
    }
  }

  private static void checkRoom(Sequence s, int n) {
    if (n > s.remaining()) {
      throw new IllegalArgumentException(
          "context full: "
              + n
              + " more positions after "
              + s.position()
              + " exceed the capacity of "
              + s.capacity());
    }
  }

  private void checkToken(int t) {
    if (t < 0 || t >= config.vocabSize()) {
      throw new IllegalArgumentException(
          "token " + t + " outside the vocabulary of " + config.vocabSize());
    }
  }

  /**
   * Pushes {@code n = tokens.length} rows through every layer. Row {@code i} is token {@code
   * tokens[i]} at position {@code pos[i]} of {@code seqs[i]}; its keys and values are written to
   * that sequence's cache before attention, so rows of one sequence at consecutive positions see
   * each other causally. Logits are computed for the last {@code logitRows} rows into {@code
   * logits[0 ..]}.
   */
  private void forward(Sequence[] seqs, int[] pos, int[] tokens, int logitRows, float[][] logits) {
    ModelConfig c = config;
    int n = tokens.length;
    int dim = c.dim();
    int qDim = c.qDim();
    int kvDim = c.kvDim();
    int headDim = c.headDim();
    Kernels k = cpu.kernels();

    float[][] x = new float[n][dim]; // residual stream
    float[][] xb = new float[n][dim]; // normed input to a projection
    float[][] xo = new float[n][dim]; // projection output added to x
    float[][] q = new float[n][qDim];
    float[][] kk = new float[n][kvDim];
    float[][] v = new float[n][kvDim];
    float[][] att = new float[n][qDim];
    float[][] hb = new float[n][c.hiddenDim()];
    float[][] hb2 = new float[n][c.hiddenDim()];
    float[][] cos = new float[n][headDim / 2];
    float[][] sin = new float[n][headDim / 2];

    for (int i = 0; i < n; i++) {
      weights.tokenEmbedding().dequantizeRow(tokens[i], x[i], 0);
      for (int j = 0; j < headDim / 2; j++) {
        double angle = pos[i] * ropeFrequencies[j];
        cos[i][j] = (float) Math.cos(angle);
        sin[i][j] = (float) Math.sin(angle);
      }
    }

    for (int l = 0; l < c.layers(); l++) {
      LlamaWeights.Layer w = weights.layers().get(l);
      for (int i = 0; i < n; i++) {
        rmsNorm(xb[i], x[i], w.attnNorm(), c.rmsEps());
      }
      cpu.matmul(w.wq(), xb, q, n);
      cpu.matmul(w.wk(), xb, kk, n);
      cpu.matmul(w.wv(), xb, v, n);
      for (int i = 0; i < n; i++) {
        if (w.bq() != null) {
          add(q[i], w.bq());
          add(kk[i], w.bk());
          add(v[i], w.bv());
        }
        rope(q[i], c.heads(), cos[i], sin[i]);
        rope(kk[i], c.kvHeads(), cos[i], sin[i]);
        System.arraycopy(kk[i], 0, seqs[i].keys(l), pos[i] * kvDim, kvDim);
        System.arraycopy(v[i], 0, seqs[i].values(l), pos[i] * kvDim, kvDim);
      }
      int layer = l;
      long cost = 0;
      for (int i = 0; i < n; i++) {
        cost += (long) (pos[i] + 1) * qDim * 2;
      }
      cpu.parallelFor(
          n * c.heads(),
          cost,
          (from, to) -> {
            for (int task = from; task < to; task++) {
              int i = task / c.heads();
              attend(seqs[i], layer, pos[i], task % c.heads(), q[i], att[i], k);
            }
          });
      cpu.matmul(w.wo(), att, xo, n);
      for (int i = 0; i < n; i++) {
        add(x[i], xo[i]);
        rmsNorm(xb[i], x[i], w.ffnNorm(), c.rmsEps());
      }
      cpu.matmul(w.gate(), xb, hb, n);
      cpu.matmul(w.up(), xb, hb2, n);
      for (int i = 0; i < n; i++) {
        float[] g = hb[i];
        float[] u = hb2[i];
        for (int j = 0; j < g.length; j++) {
          g[j] = g[j] / (1f + (float) Math.exp(-g[j])) * u[j];
        }
      }
      cpu.matmul(w.down(), hb, xo, n);
      for (int i = 0; i < n; i++) {
        add(x[i], xo[i]);
      }
    }

    if (logitRows > 0) {
      float[][] last = new float[logitRows][dim];
      for (int i = 0; i < logitRows; i++) {
        rmsNorm(last[i], x[n - logitRows + i], weights.finalNorm(), c.rmsEps());
      }
      cpu.matmul(weights.output(), last, logits, logitRows);
    }
  }

  /** Attention of one query head of one row over positions {@code 0..pos} of its sequence. */
  private void attend(Sequence s, int layer, int pos, int h, float[] q, float[] out, Kernels k) {
    int headDim = config.headDim();
    int kvDim = config.kvDim();
    int kvOff = (h / (config.heads() / config.kvHeads())) * headDim;
    float[] keys = s.keys(layer);
    float[] values = s.values(layer);
    float scale = (float) (1.0 / Math.sqrt(headDim));
    float[] scores = new float[pos + 1];
    float max = Float.NEGATIVE_INFINITY;
    for (int t = 0; t <= pos; t++) {
      float sc = k.dot(q, h * headDim, keys, t * kvDim + kvOff, headDim) * scale;
      scores[t] = sc;
      max = Math.max(max, sc);
    }
    float sum = 0f;
    for (int t = 0; t <= pos; t++) {
      float e = (float) Math.exp(scores[t] - max);
      scores[t] = e;
      sum += e;
    }
    int o = h * headDim;
    Arrays.fill(out, o, o + headDim, 0f);
    for (int t = 0; t <= pos; t++) {
      k.axpy(scores[t] / sum, values, t * kvDim + kvOff, out, o, headDim);
    }
  }

  /** Rotates each head of {@code vec} in place by the position's angles. */
  private void rope(float[] vec, int nHeads, float[] cos, float[] sin) {
    int headDim = config.headDim();
    int half = headDim / 2;
    boolean interleaved = config.ropeStyle() == ModelConfig.RopeStyle.INTERLEAVED;
    for (int h = 0; h < nHeads; h++) {
      int base = h * headDim;
      for (int j = 0; j < half; j++) {
        int a = interleaved ? base + 2 * j : base + j;
        int b = interleaved ? a + 1 : a + half;
        float v0 = vec[a];
        float v1 = vec[b];
        vec[a] = v0 * cos[j] - v1 * sin[j];
        vec[b] = v0 * sin[j] + v1 * cos[j];
      }
    }
  }

  private static void rmsNorm(float[] out, float[] x, float[] weight, float eps) {
    float ss = 0f;
    for (float v : x) {
      ss += v * v;
    }
    float inv = (float) (1.0 / Math.sqrt(ss / x.length + eps));
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * inv * weight[i];
    }
  }

  private static void add(float[] acc, float[] v) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += v[i];
    }
  }

  /** Stops the worker threads. The model must not be used afterwards. */
  @Override
  public void close() {
    cpu.close();
  }
}
