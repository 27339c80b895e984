package dev.incognito.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.inference.cpu.Kernels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} (as an application server may
 * be) still loads and runs a model, on the scalar kernels.
 */
class WithoutVectorModuleTest {

  /** Child-JVM entry: loads the model, prints the kernels' name and the greedy next token. */
  public static void main(String[] args) throws Exception {
    try (LlamaModel m = LlamaModel.load(Path.of(args[0]), LoadOptions.defaults());
        Sequence s = m.newSequence(16)) {
      float[] logits = m.prefill(s, new int[] {1, 403, 407});
      System.out.println(m.kernels() + " " + ReferenceLlama.argmax(logits));
    }
  }

  @Test
  void scalarFallback_runsWhenTheModuleIsAbsent() throws Exception {
    assumeTrue(Kernels.simdAvailable(), "this runtime's Vector API has no ByteBuffer loads");
    Path model = Models.stories260k();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    WithoutVectorModuleTest.class.getName(),
                    model.toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("child JVM did not finish");
    }
    assertEquals(0, p.exitValue(), out);
    try (LlamaModel m = LlamaModel.load(model, new LoadOptions(1, true));
        Sequence s = m.newSequence(16)) {
      int expected = ReferenceLlama.argmax(m.prefill(s, new int[] {1, 403, 407}));
      assertEquals("scalar " + expected, out);
      assertEquals(Kernels.simd().name(), m.kernels());
    }
  }
}
