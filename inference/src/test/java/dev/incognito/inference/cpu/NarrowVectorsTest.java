package dev.incognito.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernels on narrower vectors than this machine's widest (AVX2-sized 256-bit and 128-bit),
 * in child JVMs limited by {@code -XX:MaxVectorSize}: every type's row decode and dot agree with
 * the scalar kernels.
 */
class NarrowVectorsTest {

  /** Child-JVM entry: prints the kernels' name, then "ok" or the first disagreement. */
  public static void main(String[] args) {
    Kernels simd = Kernels.simd();
    System.out.println(simd.name());
    Random rnd = new Random(3);
    for (TensorType type : TensorType.values()) {
      int rows = 5;
      int cols = 512;
      ByteBuffer data = KernelsTest.randomBlocks(type, rows, cols, rnd);
      Tensor t = Tensor.of("t", type, rows, cols, data);
      float[] x = new float[cols];
      for (int i = 0; i < cols; i++) x[i] = (float) rnd.nextGaussian();
      for (int r = 0; r < rows; r++) {
        float[] a = new float[cols];
        float[] b = new float[cols];
        Kernels.scalar().decodeRow(t, r, a);
        simd.decodeRow(t, r, b);
        for (int i = 0; i < cols; i++) {
          if (Math.abs(a[i] - b[i]) > Math.abs(a[i]) * 1e-6f) {
            System.out.println(type + " decode row " + r + " element " + i);
            return;
          }
        }
        float ds = Kernels.scalar().dot(t, r, x, 0);
        float dv = simd.dot(t, r, x, 0);
        double scale = 0;
        for (int i = 0; i < cols; i++) scale += Math.abs(a[i] * x[i]);
        if (Math.abs(ds - dv) > scale * 1e-5 + 1e-6) {
          System.out.println(type + " dot row " + r + ": " + ds + " vs " + dv);
          return;
        }
      }
    }
    System.out.println("ok");
  }

  private static String runWith(int maxVectorBytes) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "--add-modules",
                    "jdk.incubator.vector",
                    "-XX:MaxVectorSize=" + maxVectorBytes,
                    "-cp",
                    System.getProperty("java.class.path"),
                    NarrowVectorsTest.class.getName()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("child JVM did not finish");
    }
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void simdKernels_agreeWithScalarOn256And128BitVectors() throws Exception {
    assumeTrue(Kernels.simdAvailable(), "this runtime's Vector API has no ByteBuffer loads");
    for (int bytes : new int[] {32, 16}) {
      String out = runWith(bytes);
      assertTrue(out.contains("simd-" + bytes / 4), out);
      assertTrue(out.trim().endsWith("ok"), out);
    }
  }
}
