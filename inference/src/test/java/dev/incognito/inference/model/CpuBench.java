package dev.incognito.inference.model;

import dev.incognito.inference.cpu.CpuBackend;
import dev.incognito.inference.cpu.Half;
import dev.incognito.inference.cpu.Kernels;
import dev.incognito.inference.cpu.Tensor;
import dev.incognito.inference.cpu.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Throughput of the CPU kernels and of the forward pass on a synthetic Llama-shaped model with
 * random weights (no files). Not a test: run by hand, {@code java --add-modules
 * jdk.incubator.vector -cp target/classes:target/test-classes
 * dev.incognito.inference.model.CpuBench [maxThreads]}. Prints each SIMD figure with the scalar one
 * measured in the same run.
 */
public final class CpuBench {
  private CpuBench() {}

  static Tensor random(String name, TensorType type, int rows, int cols, Random rnd) {
    int bytes = (int) type.bytesFor(cols) * rows;
    ByteBuffer b = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] chunk = new byte[1 << 16];
    while (b.hasRemaining()) {
      rnd.nextBytes(chunk);
      b.put(chunk, 0, Math.min(chunk.length, b.remaining()));
    }
    short scale = Half.floatToF16(0.002f);
    for (int o = 0; o < bytes; o += type.blockBytes()) {
      switch (type) {
        case F32:
          b.putFloat(o, (float) rnd.nextGaussian() * 0.02f);
          break;
        case F16:
        case BF16:
          b.putShort(o, Half.floatToF16((float) rnd.nextGaussian() * 0.02f));
          break;
        case Q8_0:
        case Q4_0:
          b.putShort(o, scale);
          break;
        case Q4_K:
          b.putShort(o, scale);
          b.putShort(o + 2, scale);
          break;
        case Q6_K:
          b.putShort(o + 208, scale);
          break;
        default:
          throw new AssertionError(type);
      }
    }
    return Tensor.of(name, type, rows, cols, b.flip());
  }

  static float[] ones(int n) {
    float[] v = new float[n];
    java.util.Arrays.fill(v, 1f);
    return v;
  }

  static LlamaModel syntheticModel(ModelConfig c, TensorType type, LoadOptions opts) {
    Random rnd = new Random(1);
    Tensor emb = random("emb", type, c.vocabSize(), c.dim(), rnd);
    List<LlamaWeights.Layer> layers = new ArrayList<>();
    for (int l = 0; l < c.layers(); l++) {
      layers.add(
          new LlamaWeights.Layer(
              ones(c.dim()),
              random("wq", type, c.qDim(), c.dim(), rnd),
              random("wk", type, c.kvDim(), c.dim(), rnd),
              random("wv", type, c.kvDim(), c.dim(), rnd),
              random("wo", type, c.dim(), c.qDim(), rnd),
              null,
              null,
              null,
              ones(c.dim()),
              random("gate", type, c.hiddenDim(), c.dim(), rnd),
              random("up", type, c.hiddenDim(), c.dim(), rnd),
              random("down", type, c.dim(), c.hiddenDim(), rnd)));
    }
    LlamaWeights w = new LlamaWeights(emb, layers, ones(c.dim()), emb);
    return new LlamaModel(
        c,
        w,
        "0".repeat(64),
        new ModelSource(
            ModelSource.Format.GGUF,
            java.nio.file.Path.of("synthetic"),
            java.util.Optional.empty()),
        opts);
  }

  static double matmulMs(Tensor t, Kernels k, int threads, int batch) {
    float[][] x = new float[batch][t.cols()];
    float[][] out = new float[batch][t.rows()];
    for (float[] v : x) java.util.Arrays.fill(v, 0.5f);
    try (CpuBackend cpu = new CpuBackend(threads, k)) {
      for (int i = 0; i < 5; i++) cpu.matmul(t, x, out, batch);
      int reps = 0;
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < 400_000_000L || reps < 5) {
        cpu.matmul(t, x, out, batch);
        reps++;
      }
      return (System.nanoTime() - t0) / 1e6 / reps;
    }
  }

  public static void main(String[] args) throws Exception {
    int maxThreads =
        args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
    System.out.printf(
        "cpus=%d simd=%s%n", Runtime.getRuntime().availableProcessors(), Kernels.simd().name());
    Random rnd = new Random(7);
    int n = 4096;
    System.out.println("## matmul 4096x4096 (ms; GB/s of weights; simd/scalar speed-up)");
    for (TensorType type : TensorType.values()) {
      Tensor t = random("m", type, n, n, rnd);
      double gb = (double) t.rowBytes() * n / 1e9;
      for (int threads : new int[] {1, maxThreads}) {
        for (int batch : new int[] {1, 16}) {
          double s = matmulMs(t, Kernels.scalar(), threads, batch);
          double v = matmulMs(t, Kernels.simd(), threads, batch);
          System.out.printf(
              "%-5s threads=%2d batch=%2d  scalar %8.2f ms  simd %8.2f ms  (%6.1f GB/s)  x%.1f%n",
              type, threads, batch, s, v, gb / (v / 1e3), s / v);
        }
      }
    }
    ModelConfig c =
        new ModelConfig(
            2048,
            5632,
            4,
            32,
            4,
            64,
            32000,
            2048,
            1e-5f,
            10000f,
            ModelConfig.RopeStyle.INTERLEAVED,
            RopeScaling.none(),
            true,
            false);
    System.out.println(
        "## forward pass, synthetic 2048/5632 x4 layers, 32 heads / 4 kv, vocab 32000");
    for (TensorType type : new TensorType[] {TensorType.Q8_0, TensorType.F32, TensorType.Q4_0}) {
      for (int threads : new int[] {1, maxThreads / 2, maxThreads}) {
        try (LlamaModel m = syntheticModel(c, type, new LoadOptions(threads, true))) {
          int[] prompt = new int[128];
          for (int i = 0; i < prompt.length; i++) prompt[i] = (i * 131) % 32000;
          try (Sequence s = m.newSequence(512)) {
            m.prefill(s, new int[] {1, 2, 3});
          }
          long t0 = System.nanoTime();
          try (Sequence s = m.newSequence(512)) {
            m.prefill(s, prompt);
          }
          double prefillS = (System.nanoTime() - t0) / 1e9;
          double decodeTps;
          try (Sequence s = m.newSequence(512)) {
            m.prefill(s, new int[] {1});
            float[][] l = new float[1][c.vocabSize()];
            for (int i = 0; i < 3; i++) m.decode(List.of(s), new int[] {5 + i}, l);
            long d0 = System.nanoTime();
            int steps = 16;
            for (int i = 0; i < steps; i++) m.decode(List.of(s), new int[] {9 + i}, l);
            decodeTps = steps / ((System.nanoTime() - d0) / 1e9);
          }
          double batchTps;
          List<Sequence> seqs = new ArrayList<>();
          try {
            for (int i = 0; i < 8; i++) {
              Sequence s = m.newSequence(512);
              seqs.add(s);
              m.prefill(s, new int[] {1, 2 + i});
            }
            float[][] l = new float[8][c.vocabSize()];
            int[] toks = {11, 12, 13, 14, 15, 16, 17, 18};
            m.decode(seqs, toks, l);
            long d0 = System.nanoTime();
            int steps = 8;
            for (int i = 0; i < steps; i++) m.decode(seqs, toks, l);
            batchTps = 8.0 * steps / ((System.nanoTime() - d0) / 1e9);
          } finally {
            seqs.forEach(Sequence::close);
          }
          System.out.printf(
              "%-5s threads=%2d  prefill %7.1f tok/s  decode %6.1f tok/s  8-way batched decode %6.1f tok/s%n",
              type, threads, prompt.length / prefillS, decodeTps, batchTps);
        }
      }
    }
  }
}
