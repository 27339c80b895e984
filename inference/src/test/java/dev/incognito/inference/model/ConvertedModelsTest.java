package dev.incognito.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.inference.convert.GgufConverter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model and its GGUF conversion give the same logits: for the Hugging Face model this checks that
 * q/k permuted for interleaved RoPE (the converter) agree with rotate-half RoPE on the original
 * weights (the folder loader).
 */
class ConvertedModelsTest {
  @TempDir Path tmp;

  static void assertSameGreedyLogits(
      LlamaModel a, LlamaModel b, int[] prompt, int steps, double tol) {
    int v = a.config().vocabSize();
    assertEquals(v, b.config().vocabSize());
    try (Sequence sa = a.newSequence(64);
        Sequence sb = b.newSequence(64)) {
      float[] la = a.prefill(sa, prompt);
      float[] lb = b.prefill(sb, prompt);
      for (int step = 0; step < steps; step++) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < v; i++) {
          num += (la[i] - lb[i]) * (la[i] - lb[i]);
          den += la[i] * la[i];
        }
        assertTrue(Math.sqrt(num / den) < tol, "step " + step + ": " + Math.sqrt(num / den));
        int next = ReferenceLlama.argmax(la);
        float[][] oa = new float[1][v];
        float[][] ob = new float[1][v];
        a.decode(List.of(sa), new int[] {next}, oa);
        b.decode(List.of(sb), new int[] {next}, ob);
        la = oa[0];
        lb = ob[0];
      }
    }
  }

  @Test
  void huggingFaceFolder_andItsF32Gguf_agree() throws Exception {
    Path dir = Models.tinyStories656k();
    Path gguf = tmp.resolve("656k.gguf");
    GgufConverter.convert(dir, Optional.empty(), gguf, GgufConverter.Type.F32, line -> {});
    try (LlamaModel hf = LlamaModel.load(dir, new LoadOptions(2, true));
        LlamaModel gg = LlamaModel.load(gguf, new LoadOptions(2, true))) {
      assertEquals(ModelConfig.RopeStyle.HALF, hf.config().ropeStyle());
      assertEquals(ModelConfig.RopeStyle.INTERLEAVED, gg.config().ropeStyle());
      assertSameGreedyLogits(hf, gg, new int[] {1}, 24, 1e-5);
    }
  }

  @Test
  void llama2cCheckpoint_andItsQ8Gguf_agreeClosely() throws Exception {
    Path gguf = tmp.resolve("260k.gguf");
    GgufConverter.convert(
        Models.stories260k(), Optional.of(Models.tok512()), gguf, GgufConverter.Type.Q8_0, l -> {});
    try (LlamaModel c = LlamaModel.load(Models.stories260k(), new LoadOptions(2, true));
        LlamaModel g = LlamaModel.load(gguf, new LoadOptions(2, true))) {
      assertSameGreedyLogits(c, g, Llama2cModelTest.prompt(), 8, 0.05);
    }
  }
}
