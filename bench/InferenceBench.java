// Benchmark of the Java engine on a synthetic model at SmolLM2-360M's shape. Compiled and run by
// bench/inference-bench.sh with the inference module's class path:
//
//   java -cp CP InferenceBench write f32|q8_0 OUT.gguf
//   java -cp CP InferenceBench bandwidth THREADS
//   java -cp CP InferenceBench run MODEL.gguf THREADS
//
// `bandwidth` prints the bytes per second THREADS threads read from a 512 MiB array (best of 3),
// in its own process so that the array does not count in the engine's peak RSS. `run` prints one
// JSON object: decode tok/s at batch 1, aggregate tok/s of 8 concurrent requests through the engine, prefill
// tok/s for 512 tokens, and the process's peak RSS.

import dev.incognito.inference.api.CompletionRequest;
import dev.incognito.inference.api.SamplingParams;
import dev.incognito.inference.api.TokenSink;
import dev.incognito.inference.convert.GgufConverter;
import dev.incognito.inference.engine.Engine;
import dev.incognito.inference.engine.EngineOptions;
import dev.incognito.inference.gguf.GgmlType;
import dev.incognito.inference.gguf.GgufWriter;
import dev.incognito.inference.model.LlamaModel;
import dev.incognito.inference.model.LoadOptions;
import dev.incognito.inference.model.Sequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

public class InferenceBench {

  // SmolLM2-360M: hidden 960, 32 layers, 15 heads of 64, 5 KV heads, FFN 2560, vocab 49152, tied.
  static final int DIM = 960;
  static final int LAYERS = 32;
  static final int HEADS = 15;
  static final int KV_HEADS = 5;
  static final int HIDDEN = 2560;
  static final int VOCAB = 49152;
  static final int DECODE_TOKENS = 16;
  static final int SEQUENCES = 8;
  static final int PREFILL_TOKENS = 512;

  public static void main(String[] args) throws Exception {
    if (args[0].equals("write")) {
      write(args[1].toLowerCase(Locale.ROOT).equals("q8_0"), Path.of(args[2]));
    } else if (args[0].equals("bandwidth")) {
      double bw = bandwidth(Integer.parseInt(args[1]));
      System.out.printf(
          Locale.ROOT, "{\"bandwidthBytesPerSecond\":%.0f,\"onCpu\":%.2f}%n", bw, onCpu);
    } else {
      run(Path.of(args[1]), Integer.parseInt(args[2]));
    }
  }

  static void write(boolean q8, Path out) throws Exception {
    GgufWriter w = new GgufWriter();
    w.putString("general.architecture", "llama");
    w.putString("general.name", "synthetic-smollm2-360m-shape");
    w.putUint32("general.file_type", q8 ? 7 : 0);
    if (q8) {
      w.putUint32("general.quantization_version", 2);
    }
    w.putUint32("llama.context_length", 2048);
    w.putUint32("llama.embedding_length", DIM);
    w.putUint32("llama.block_count", LAYERS);
    w.putUint32("llama.feed_forward_length", HIDDEN);
    w.putUint32("llama.attention.head_count", HEADS);
    w.putUint32("llama.attention.head_count_kv", KV_HEADS);
    w.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
    w.putFloat32("llama.rope.freq_base", 100000f);
    w.putUint32("llama.rope.dimension_count", DIM / HEADS);
    w.putUint32("llama.vocab_size", VOCAB);
    // A SentencePiece vocabulary: specials, the 256 byte tokens, then filler pieces.
    String[] tokens = new String[VOCAB];
    float[] scores = new float[VOCAB];
    int[] types = new int[VOCAB];
    tokens[0] = "<unk>";
    tokens[1] = "<s>";
    tokens[2] = "</s>";
    types[0] = 2;
    types[1] = 3;
    types[2] = 3;
    for (int b = 0; b < 256; b++) {
      tokens[3 + b] = String.format("<0x%02X>", b);
      types[3 + b] = 6;
    }
    String letters = "\u2581abcdefghijklmnopqrstuvwxyzOLUT";
    for (int i = 259; i < VOCAB; i++) {
      int k = i - 259;
      StringBuilder s = new StringBuilder();
      do {
        s.append(letters.charAt(k % letters.length()));
        k /= letters.length();
      } while (k > 0);
      tokens[i] = s.toString();
      types[i] = 1;
      scores[i] = -i;
    }
    w.putString("tokenizer.ggml.model", "llama");
    w.putStringArray("tokenizer.ggml.tokens", tokens);
    w.putFloat32Array("tokenizer.ggml.scores", scores);
    w.putInt32Array("tokenizer.ggml.token_type", types);
    w.putUint32("tokenizer.ggml.bos_token_id", 1);
    w.putUint32("tokenizer.ggml.eos_token_id", 2);
    w.putUint32("tokenizer.ggml.unknown_token_id", 0);
    w.putBool("tokenizer.ggml.add_bos_token", true);
    int kv = KV_HEADS * (DIM / HEADS);
    matrix(w, q8, "token_embd.weight", DIM, VOCAB, 1f);
    for (int l = 0; l < LAYERS; l++) {
      String p = "blk." + l + ".";
      ones(w, p + "attn_norm.weight");
      matrix(w, q8, p + "attn_q.weight", DIM, DIM, 0);
      matrix(w, q8, p + "attn_k.weight", DIM, kv, 0);
      matrix(w, q8, p + "attn_v.weight", DIM, kv, 0);
      matrix(w, q8, p + "attn_output.weight", DIM, DIM, 0);
      ones(w, p + "ffn_norm.weight");
      matrix(w, q8, p + "ffn_gate.weight", DIM, HIDDEN, 0);
      matrix(w, q8, p + "ffn_up.weight", DIM, HIDDEN, 0);
      matrix(w, q8, p + "ffn_down.weight", HIDDEN, DIM, 0);
    }
    ones(w, "output_norm.weight");
    w.write(out);
  }

  static void ones(GgufWriter w, String name) {
    float[] v = new float[DIM];
    java.util.Arrays.fill(v, 1f);
    w.addTensor(name, GgmlType.F32, new long[] {DIM}, o -> GgufConverter.writeF32(v, o));
  }

  /** A {@code (rows, cols)} matrix, uniform in ±scale (0: sqrt(3 / cols)). */
  static void matrix(GgufWriter w, boolean q8, String name, int cols, int rows, float scale) {
    float a = scale > 0 ? scale : (float) Math.sqrt(3.0 / cols);
    long seed = name.hashCode();
    w.addTensor(
        name,
        q8 ? GgmlType.Q8_0 : GgmlType.F32,
        new long[] {cols, rows},
        o -> {
          SplittableRandom r = new SplittableRandom(seed);
          float[] v = new float[cols * rows];
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * a);
          }
          if (q8) {
            GgufConverter.writeQ8_0(v, o);
          } else {
            GgufConverter.writeF32(v, o);
          }
        });
  }

  static void run(Path model, int threads) throws Exception {
    double decode;
    double prefill;
    try (LlamaModel m = LlamaModel.load(model, LoadOptions.defaults().withThreads(threads))) {
      int[] prompt = {1, 400, 500, 600, 700};
      try (Sequence s = m.newSequence(64)) {
        float[][] row = new float[1][VOCAB];
        m.prefill(s, prompt);
        for (int i = 0; i < 3; i++) { // warm-up
          m.decode(List.of(s), new int[] {300 + i}, row);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < DECODE_TOKENS; i++) {
          m.decode(List.of(s), new int[] {argmax(row[0])}, row);
        }
        decode = DECODE_TOKENS / ((System.nanoTime() - t0) / 1e9);
      }
      int[] longPrompt = IntStream.range(0, PREFILL_TOKENS).map(i -> 3 + (i * 7919) % 200).toArray();
      try (Sequence s = m.newSequence(PREFILL_TOKENS + 8)) {
        long t0 = System.nanoTime();
        m.prefill(s, longPrompt);
        prefill = PREFILL_TOKENS / ((System.nanoTime() - t0) / 1e9);
      }
    }
    // Unmap the first load's weights before the engine maps them again, so that peak RSS counts
    // one copy (a mapped buffer is released when it is collected).
    System.gc();
    Thread.sleep(200);
    double aggregate = aggregate(model, threads);
    long rss = peakRss();
    System.out.printf(
        Locale.ROOT,
        "{\"decodeTokensPerSecond\":%.3f,\"aggregateTokensPerSecond\":%.3f,"
            + "\"prefillTokensPerSecond\":%.3f,\"peakRssBytes\":%d,\"modelBytes\":%d}%n",
        decode,
        aggregate,
        prefill,
        rss,
        Files.size(model));
  }

  /** Tokens per second of {@link #SEQUENCES} concurrent requests through the engine. */
  static double aggregate(Path model, int threads) throws Exception {
    // 256 positions per sequence, as the llama.cpp side gives each of its sequences.
    EngineOptions o =
        new EngineOptions(
            java.util.Optional.of(model),
            java.util.Optional.empty(),
            dev.incognito.inference.engine.Backend.CPU,
            threads,
            SEQUENCES,
            256,
            DECODE_TOKENS + 1,
            DECODE_TOKENS + 1);
    try (Engine e = Engine.start(o, line -> {})) {
      ExecutorService pool = Executors.newFixedThreadPool(SEQUENCES);
      try {
        e.complete(CompletionRequest.prompt("warm up", SamplingParams.greedy(), 2), TokenSink.discarding());
        long t0 = System.nanoTime();
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < SEQUENCES; i++) {
          String prompt = "Once upon a time " + i;
          fs.add(
              pool.submit(
                  () ->
                      e.complete(
                              CompletionRequest.prompt(prompt, SamplingParams.greedy(), DECODE_TOKENS + 1),
                              TokenSink.discarding())
                          .completionTokens()));
        }
        int tokens = 0;
        for (Future<Integer> f : fs) {
          tokens += f.get();
        }
        return tokens / ((System.nanoTime() - t0) / 1e9);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * Bytes per second read by {@code threads} threads summing a 512 MiB array with the widest
   * vectors the CPU has (memory-bound, not add-bound); best of 5.
   */
  static double bandwidth(int threads) throws Exception {
    float[] a = new float[128 << 20];
    java.util.Arrays.fill(a, 1f);
    var species = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
    var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    double best = 0;
    try {
      for (int rep = 0; rep < 5; rep++) {
        long t0 = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();
        List<Future<Float>> fs = new ArrayList<>();
        int chunk = a.length / threads / species.length() * species.length();
        for (int t = 0; t < threads; t++) {
          int from = t * chunk;
          int to = t == threads - 1 ? a.length : from + chunk;
          fs.add(
              pool.submit(
                  () -> {
                    long c0 = cpu.getCurrentThreadCpuTime();
                    var acc0 = jdk.incubator.vector.FloatVector.zero(species);
                    var acc1 = jdk.incubator.vector.FloatVector.zero(species);
                    int step = species.length();
                    int i = from;
                    for (; i + 2 * step <= to; i += 2 * step) {
                      acc0 = acc0.add(jdk.incubator.vector.FloatVector.fromArray(species, a, i));
                      acc1 =
                          acc1.add(jdk.incubator.vector.FloatVector.fromArray(species, a, i + step));
                    }
                    float s = acc0.add(acc1).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                    for (; i < to; i++) {
                      s += a[i];
                    }
                    cpuNanos.addAndGet(cpu.getCurrentThreadCpuTime() - c0);
                    return s;
                  }));
        }
        float sink = 0;
        for (Future<Float> f : fs) {
          sink += f.get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (sink != 0) {
          best = Math.max(best, 4.0 * a.length / s);
        }
        onCpu = Math.max(onCpu, cpuNanos.get() / 1e9 / threads / s);
      }
    } finally {
      pool.shutdownNow();
    }
    return best;
  }

  /** Of the best bandwidth repetition's wall time, the share each reading thread spent on a CPU. */
  static double onCpu;

  static int argmax(float[] v) {
    int b = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[b]) {
        b = i;
      }
    }
    return b;
  }

  /** VmHWM from /proc/self/status, bytes. */
  static long peakRss() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }
}
