package dev.incognito.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.inference.cpu.Half;
import dev.incognito.inference.cpu.Quantize;
import dev.incognito.inference.cpu.Tensor;
import dev.incognito.inference.cpu.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The element decoders of {@code matmul.cu} ({@code el_*}, what every matrix and embedding kernel
 * reads weights through) built for the host with {@code nvcc} and run on random blocks of every
 * type, against the CPU backend's {@code Tensor.dequantizeRow}. Needs nvcc and a host compiler, no
 * GPU; skips without nvcc.
 */
class BlockDecodeHostTest {
  static final int ROWS = 3;
  static final int COLS = 512;

  @TempDir Path tmp;

  private static final String HARNESS =
      "#define DECODE __host__ __device__ inline\n"
          + "#include \"matmul.cu\"\n"
          + "#include <cstdio>\n"
          + "#include <cstdlib>\n"
          + "#include <cstring>\n"
          + "int main(int argc, char** argv) {\n"
          + "  int rows = atoi(argv[2]), cols = atoi(argv[3]);\n"
          + "  FILE* f = fopen(argv[4], \"rb\");\n"
          + "  static u8 buf[1 << 20];\n"
          + "  size_t n = fread(buf, 1, sizeof buf, f);\n"
          + "  size_t rowBytes = n / rows;\n"
          + "  for (int r = 0; r < rows; r++) {\n"
          + "    const u8* row = buf + r * rowBytes;\n"
          + "    for (int i = 0; i < cols; i++) {\n"
          + "      float v;\n"
          + "      const char* t = argv[1];\n"
          + "      if (!strcmp(t, \"f32\")) v = el_f32(row, i);\n"
          + "      else if (!strcmp(t, \"f16\")) v = el_f16(row, i);\n"
          + "      else if (!strcmp(t, \"bf16\")) v = el_bf16(row, i);\n"
          + "      else if (!strcmp(t, \"q8_0\")) v = el_q8_0(row, i);\n"
          + "      else if (!strcmp(t, \"q4_0\")) v = el_q4_0(row, i);\n"
          + "      else if (!strcmp(t, \"q4_k\")) v = el_q4_k(row, i);\n"
          + "      else v = el_q6_k(row, i);\n"
          + "      printf(\"%.9g\\n\", v);\n"
          + "    }\n"
          + "  }\n"
          + "  return 0;\n"
          + "}\n";

  @Test
  void elementDecoders_matchCpuDequantization_forEveryType() throws Exception {
    Path nvcc = KernelSourcesCompileTest.nvcc().orElse(null);
    assumeTrue(nvcc != null, "nvcc not found");
    Files.writeString(tmp.resolve("matmul.cu"), KernelSources.read("matmul.cu"));
    Files.writeString(tmp.resolve("harness.cu"), HARNESS);
    Path exe = tmp.resolve("harness");
    Process build =
        new ProcessBuilder(nvcc.toString(), "-arch=sm_90", "-o", exe.toString(), "harness.cu")
            .directory(tmp.toFile())
            .redirectErrorStream(true)
            .start();
    String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(build.waitFor(5, TimeUnit.MINUTES), "nvcc did not finish");
    assumeTrue(build.exitValue() == 0 || !log.contains("cannot find"), "no host toolchain: " + log);
    assertEquals(0, build.exitValue(), log);

    Random rnd = new Random(42);
    for (TensorType type : TensorType.values()) {
      ByteBuffer data = randomTensor(type, rnd);
      Tensor t = Tensor.of("w", type, ROWS, COLS, data);
      float[] expected = new float[ROWS * COLS];
      for (int r = 0; r < ROWS; r++) {
        t.dequantizeRow(r, expected, r * COLS);
      }
      Path file = tmp.resolve(type + ".bin");
      byte[] bytes = new byte[data.remaining()];
      data.duplicate().get(bytes);
      Files.write(file, bytes);
      Process run =
          new ProcessBuilder(
                  exe.toString(),
                  CudaForward.suffix(type),
                  Integer.toString(ROWS),
                  Integer.toString(COLS),
                  file.toString())
              .redirectErrorStream(true)
              .start();
      List<String> lines =
          new String(run.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
              .lines()
              .toList();
      assertTrue(run.waitFor(1, TimeUnit.MINUTES));
      assertEquals(0, run.exitValue(), type + ": " + lines);
      assertEquals(ROWS * COLS, lines.size(), type.toString());
      for (int i = 0; i < expected.length; i++) {
        float got = Float.parseFloat(lines.get(i));
        float want = expected[i];
        assertTrue(
            Math.abs(got - want) <= 1e-6f * Math.max(1f, Math.abs(want)),
            type + " element " + i + ": kernel " + got + ", CPU " + want);
      }
    }
  }

  /** ROWS x COLS of {@code type}: quantised random floats, or random blocks with sane scales. */
  static ByteBuffer randomTensor(TensorType type, Random rnd) {
    int n = ROWS * COLS;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    ByteBuffer b = ByteBuffer.allocate((int) type.bytesFor(n)).order(ByteOrder.LITTLE_ENDIAN);
    switch (type) {
      case F32:
        b.asFloatBuffer().put(v);
        b.position(b.capacity());
        break;
      case F16:
        for (float f : v) {
          b.putShort(Half.floatToF16(f));
        }
        break;
      case BF16:
        for (float f : v) {
          b.putShort((short) (Float.floatToIntBits(f) >>> 16));
        }
        break;
      case Q8_0:
        b.put(Quantize.q8_0(v));
        break;
      case Q4_0:
        b.put(Quantize.q4_0(v));
        break;
      case Q4_K:
      case Q6_K:
        {
          byte[] raw = new byte[b.capacity()];
          rnd.nextBytes(raw);
          b.put(raw);
          int bytes = type.blockBytes();
          for (int blk = 0; blk < n / 256; blk++) {
            int off = blk * bytes;
            if (type == TensorType.Q4_K) {
              b.putShort(off, Half.floatToF16(0.01f + rnd.nextFloat() * 0.02f)); // d
              b.putShort(off + 2, Half.floatToF16(0.005f + rnd.nextFloat() * 0.01f)); // dmin
            } else {
              b.putShort(off + 208, Half.floatToF16(0.001f + rnd.nextFloat() * 0.002f)); // d
            }
          }
          break;
        }
      default:
        throw new AssertionError(type);
    }
    return b.flip();
  }
}
