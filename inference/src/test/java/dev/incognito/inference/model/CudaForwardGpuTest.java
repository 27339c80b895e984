package dev.incognito.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.inference.cpu.TensorType;
import dev.incognito.inference.cuda.Cuda;
import dev.incognito.inference.cuda.CudaForward;
import dev.incognito.inference.cuda.Nvrtc;
import dev.incognito.inference.engine.ForwardPass.KvSlot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA backend against the CPU backend on the shared models: prefill and decode logits within
 * {@value #TOLERANCE} relative L2, greedy tokens identical (host argmax of the CUDA logits and the
 * device sampler). Needs a CUDA device and NVRTC; skips without them.
 */
@Tag("gpu")
class CudaForwardGpuTest {
  static final double TOLERANCE = 1e-3;
  static final int STEPS = 24;

  @TempDir Path tmp;

  @BeforeEach
  void needsGpu() {
    assumeTrue(Cuda.available(), () -> "no CUDA: " + Cuda.unavailableReason().orElse(""));
    assumeTrue(Nvrtc.available(), "libnvrtc cannot be loaded");
  }

  @Test
  void stories260k_f32_matchesCpu() throws Exception {
    compare(Models.stories260k(), new int[] {1, 403, 407, 261, 378, 297});
  }

  @Test
  void tinyStories656k_safetensors_matchesCpu() throws Exception {
    compare(Models.tinyStories656k(), new int[] {1, 42, 300, 17, 999, 5});
  }

  @Test
  void tinyRandom_f16Gguf_matchesCpu() throws Exception {
    compare(Models.tinyRandomGguf(), new int[] {1, 450, 4996, 310, 263, 931});
  }

  @Test
  void stories260k_q8_0_and_q4_0_matchCpu() throws Exception {
    QuantisedGgufTest q = new QuantisedGgufTest();
    q.tmp = tmp;
    for (TensorType t : List.of(TensorType.Q8_0, TensorType.Q4_0)) {
      compare(q.convert(t), new int[] {1, 403, 407, 261, 378, 297});
    }
  }

  @Test
  void closedSequence_isRejected() throws Exception {
    try (CudaForward gpu = CudaForward.create(load(Models.stories260k()), 0, 2, 16, s -> {})) {
      KvSlot s = gpu.newSequence(16);
      gpu.prefill(s, new int[] {1, 2});
      s.close();
      assertThrows(IllegalArgumentException.class, () -> gpu.prefill(s, new int[] {3}));
    }
  }

  private static LlamaModel load(Path p) throws ModelFormatException {
    return LlamaModel.load(p, new LoadOptions(2, false));
  }

  /**
   * Prefill of {@code prompt}, then {@link #STEPS} greedy steps of two sequences decoded together
   * (the prompt, and the prompt without its last token), on both backends.
   */
  private static void compare(Path model, int[] prompt) throws Exception {
    try (LlamaModel cpu = load(model);
        CudaForward gpu = CudaForward.create(load(model), 0, 4, 128, s -> {})) {
      int ctx = Math.min(128, cpu.config().contextLength());
      int[] shorter = java.util.Arrays.copyOf(prompt, prompt.length - 1);
      try (Sequence c0 = cpu.newSequence(ctx);
          Sequence c1 = cpu.newSequence(ctx);
          KvSlot g0 = gpu.newSequence(ctx);
          KvSlot g1 = gpu.newSequence(ctx)) {
        float[] cl0 = cpu.prefill(c0, prompt);
        float[] gl0 = gpu.prefill(g0, prompt);
        assertClose(cl0, gl0, model + " prefill");
        assertEquals(argmax(cl0), gpu.greedy(1)[0], model + " device argmax after prefill");
        float[] cl1 = cpu.prefill(c1, shorter);
        float[] gl1 = gpu.prefill(g1, shorter);
        assertClose(cl1, gl1, model + " prefill (shorter)");
        int[] next = {argmax(cl0), argmax(cl1)};
        List<Integer> cpuTokens = new ArrayList<>();
        List<Integer> gpuTokens = new ArrayList<>();
        int[] gnext = {argmax(gl0), argmax(gl1)};
        for (int step = 0; step < STEPS; step++) {
          float[][] cl = new float[2][cpu.config().vocabSize()];
          float[][] gl = new float[2][gpu.vocabSize()];
          cpu.decode(List.of(c0, c1), next, cl);
          gpu.decode(List.of(g0, g1), gnext, gl);
          assertClose(cl[0], gl[0], model + " decode step " + step + " row 0");
          assertClose(cl[1], gl[1], model + " decode step " + step + " row 1");
          int[] device = gpu.greedy(2);
          next = new int[] {argmax(cl[0]), argmax(cl[1])};
          gnext = new int[] {argmax(gl[0]), argmax(gl[1])};
          assertArrayEquals(gnext, device, model + " device sampler at step " + step);
          cpuTokens.add(next[0]);
          cpuTokens.add(next[1]);
          gpuTokens.add(gnext[0]);
          gpuTokens.add(gnext[1]);
        }
        assertEquals(cpuTokens, gpuTokens, model + ": greedy tokens");
      }
    }
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = expected[i] - actual[i];
      diff += d * d;
      norm += (double) expected[i] * expected[i];
    }
    double rel = Math.sqrt(diff / Math.max(norm, 1e-30));
    assertTrue(rel <= TOLERANCE, what + ": relative L2 " + rel);
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
