package dev.incognito.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every block type's dot product against a float64 dot with an independent decoding of the same
 * random blocks, written here from ggml's {@code dequantize_row_*}; scalar and SIMD kernels both.
 */
class KernelsTest {
  static final int ROWS = 7;
  static final int COLS = 512;

  static List<Kernels> kernels() {
    List<Kernels> k = new ArrayList<>();
    k.add(Kernels.scalar());
    if (Kernels.simdAvailable()) {
      k.add(Kernels.simd());
    }
    return k;
  }

  /** Random blocks: random bytes everywhere, finite small f16 scales in the scale fields. */
  static ByteBuffer randomBlocks(TensorType type, int rows, int cols, Random rnd) {
    int bytes = (int) type.bytesFor(cols) * rows;
    ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    rnd.nextBytes(b.array());
    int blocks = bytes / type.blockBytes();
    for (int i = 0; i < blocks; i++) {
      int o = i * type.blockBytes();
      switch (type) {
        case F32:
          b.putFloat(o, (float) rnd.nextGaussian());
          break;
        case F16:
          b.putShort(o, Half.floatToF16((float) rnd.nextGaussian()));
          break;
        case BF16:
          b.putShort(o, (short) (Float.floatToIntBits((float) rnd.nextGaussian()) >>> 16));
          break;
        case Q8_0:
        case Q4_0:
          b.putShort(o, Half.floatToF16(rnd.nextFloat() * 0.1f));
          break;
        case Q4_K:
          b.putShort(o, Half.floatToF16(rnd.nextFloat() * 0.01f));
          b.putShort(o + 2, Half.floatToF16(rnd.nextFloat() * 0.01f));
          break;
        case Q6_K:
          b.putShort(o + 208, Half.floatToF16(rnd.nextFloat() * 0.01f));
          break;
        default:
          throw new AssertionError(type);
      }
    }
    return b;
  }

  static double f16(ByteBuffer b, int off) {
    int h = b.getShort(off) & 0xFFFF;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    double v = exp == 0 ? mant * Math.pow(2, -24) : (1024 + mant) * Math.pow(2, exp - 25);
    return (h & 0x8000) != 0 ? -v : v;
  }

  /** ggml's dequantize_row_* for one row, in double. */
  static double[] decode(TensorType type, ByteBuffer b, int off, int n) {
    double[] y = new double[n];
    switch (type) {
      case F32:
        for (int i = 0; i < n; i++) y[i] = b.getFloat(off + 4 * i);
        break;
      case F16:
        for (int i = 0; i < n; i++) y[i] = f16(b, off + 2 * i);
        break;
      case BF16:
        for (int i = 0; i < n; i++) y[i] = Float.intBitsToFloat(b.getShort(off + 2 * i) << 16);
        break;
      case Q8_0:
        for (int i = 0; i < n / 32; i++) {
          int o = off + 34 * i;
          for (int j = 0; j < 32; j++) y[32 * i + j] = f16(b, o) * b.get(o + 2 + j);
        }
        break;
      case Q4_0:
        for (int i = 0; i < n / 32; i++) {
          int o = off + 18 * i;
          for (int j = 0; j < 16; j++) {
            int q = b.get(o + 2 + j) & 0xFF;
            y[32 * i + j] = f16(b, o) * ((q & 15) - 8);
            y[32 * i + j + 16] = f16(b, o) * ((q >> 4) - 8);
          }
        }
        break;
      case Q4_K:
        for (int i = 0; i < n / 256; i++) {
          int o = off + 144 * i;
          double d = f16(b, o);
          double dmin = f16(b, o + 2);
          int[] sc = new int[12];
          for (int j = 0; j < 12; j++) sc[j] = b.get(o + 4 + j) & 0xFF;
          for (int sub = 0; sub < 8; sub++) {
            int s;
            int m;
            if (sub < 4) {
              s = sc[sub] & 63;
              m = sc[sub + 4] & 63;
            } else {
              s = (sc[sub + 4] & 0xF) | ((sc[sub - 4] >> 6) << 4);
              m = (sc[sub + 4] >> 4) | ((sc[sub] >> 6) << 4);
            }
            // sub-block 2k uses low nibbles of bytes 32k..32k+31, sub-block 2k+1 the high ones
            for (int l = 0; l < 32; l++) {
              int q = b.get(o + 16 + 32 * (sub / 2) + l) & 0xFF;
              int v = sub % 2 == 0 ? q & 15 : q >> 4;
              y[256 * i + 32 * sub + l] = d * s * v - dmin * m;
            }
          }
        }
        break;
      case Q6_K:
        for (int i = 0; i < n / 256; i++) {
          int o = off + 210 * i;
          double d = f16(b, o + 208);
          for (int k = 0; k < 256; k++) {
            int half = k / 128; // which 128-element half
            int r = k % 128;
            int quarter = r / 32; // 0..3 within the half
            int l = r % 32;
            int ql = b.get(o + 64 * half + l + (quarter % 2 == 1 ? 32 : 0)) & 0xFF;
            int low = quarter < 2 ? ql & 15 : ql >> 4;
            int qh = b.get(o + 128 + 32 * half + l) & 0xFF;
            int high = (qh >> (2 * quarter)) & 3;
            int scale = b.get(o + 192 + 8 * half + l / 16 + 2 * quarter);
            y[256 * i + k] = d * scale * ((low | (high << 4)) - 32);
          }
        }
        break;
      default:
        throw new AssertionError(type);
    }
    return y;
  }

  @ParameterizedTest
  @EnumSource(TensorType.class)
  void dot_matchesDequantisedFloat64Reference(TensorType type) {
    Random rnd = new Random(type.ordinal() * 31L + 7);
    ByteBuffer data = randomBlocks(type, ROWS, COLS, rnd);
    Tensor t = Tensor.of("t", type, ROWS, COLS, data);
    float[] x = new float[COLS + 3];
    for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
    for (int r = 0; r < ROWS; r++) {
      double[] row = decode(type, data, r * t.rowBytes(), COLS);
      float[] decoded = new float[COLS];
      t.dequantizeRow(r, decoded, 0);
      double expected = 0;
      double scale = 0;
      for (int i = 0; i < COLS; i++) {
        assertEquals(row[i], decoded[i], Math.abs(row[i]) * 1e-6 + 1e-30, type + " element " + i);
        expected += row[i] * x[3 + i];
        scale += Math.abs(row[i] * x[3 + i]);
      }
      for (Kernels k : kernels()) {
        float[] byKernel = new float[COLS];
        k.decodeRow(t, r, byKernel);
        for (int i = 0; i < COLS; i++) {
          assertEquals(
              row[i], byKernel[i], Math.abs(row[i]) * 1e-6 + 1e-30, k + " " + type + " " + i);
        }
        double got = k.dot(t, r, x, 3);
        assertEquals(expected, got, scale * 1e-5 + 1e-12, type + " row " + r + " " + k);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TensorType.class)
  void matmul_batchedEqualsRowDots(TensorType type) {
    Random rnd = new Random(99 + type.ordinal());
    int rows = 300;
    Tensor t = Tensor.of("t", type, rows, COLS, randomBlocks(type, rows, COLS, rnd));
    int batch = 5;
    float[][] x = new float[batch][COLS];
    for (float[] v : x) for (int i = 0; i < COLS; i++) v[i] = (float) rnd.nextGaussian();
    for (Kernels k : kernels()) {
      try (CpuBackend cpu = new CpuBackend(3, k)) {
        for (int count : new int[] {1, 2, batch}) {
          float[][] out = new float[batch][rows];
          cpu.matmul(t, x, out, count);
          for (int b = 0; b < count; b++) {
            for (int r = 0; r < rows; r++) {
              float expected = Kernels.scalar().dot(t, r, x[b], 0);
              assertEquals(expected, out[b][r], Math.abs(expected) * 1e-4 + 1e-4, k + " " + type);
            }
          }
        }
      }
    }
  }

  @Test
  void quantizeQ8_0_roundTripsWithinHalfAStep() {
    Random rnd = new Random(5);
    float[] x = new float[1024];
    for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian() * 3;
    Tensor t = Tensor.of("q8", TensorType.Q8_0, 1, x.length, ByteBuffer.wrap(Quantize.q8_0(x)));
    float[] y = t.toFloats();
    for (int blk = 0; blk < x.length / 32; blk++) {
      float amax = 0;
      for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[blk * 32 + j]));
      for (int j = 0; j < 32; j++) {
        int i = blk * 32 + j;
        assertEquals(x[i], y[i], amax / 127 * 0.51 + 1e-3 * amax, "element " + i);
      }
    }
  }

  @Test
  void quantizeQ4_0_roundTripsWithinOneStep() {
    Random rnd = new Random(6);
    float[] x = new float[1024];
    for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
    Tensor t = Tensor.of("q4", TensorType.Q4_0, 1, x.length, ByteBuffer.wrap(Quantize.q4_0(x)));
    float[] y = t.toFloats();
    for (int blk = 0; blk < x.length / 32; blk++) {
      float amax = 0;
      for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[blk * 32 + j]));
      for (int j = 0; j < 32; j++) {
        int i = blk * 32 + j;
        // one step: the positive extreme is clamped from 8 to 7 steps, as in ggml
        assertEquals(x[i], y[i], amax / 8 * 1.01 + 1e-3 * amax, "element " + i);
      }
    }
  }

  @Test
  void half_roundTripsEveryFiniteF16() {
    for (int h = 0; h < 0x10000; h++) {
      float f = Half.f16ToFloat((short) h);
      if (!Float.isNaN(f)) {
        assertEquals((short) h, Half.floatToF16(f), "f16 " + Integer.toHexString(h));
        if (((h >>> 10) & 0x1F) != 0x1F) {
          assertEquals(
              f16(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) h), 0),
              f);
        }
      }
    }
  }

  @Test
  void decodeRow_everyF16AndBf16PatternAgreesAcrossKernels() {
    ByteBuffer b = ByteBuffer.allocate(2 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int h = 0; h < 1 << 16; h++) b.putShort((short) h);
    b.flip();
    for (TensorType type : new TensorType[] {TensorType.F16, TensorType.BF16}) {
      Tensor t = Tensor.of("all", type, 1, 1 << 16, b.duplicate());
      float[] scalar = new float[1 << 16];
      Kernels.scalar().decodeRow(t, 0, scalar);
      for (Kernels k : kernels()) {
        float[] got = new float[1 << 16];
        k.decodeRow(t, 0, got);
        for (int h = 0; h < 1 << 16; h++) {
          if (Float.isNaN(scalar[h])) {
            assertTrue(Float.isNaN(got[h]), k + " " + type + " " + Integer.toHexString(h));
          } else {
            assertEquals(
                Float.floatToIntBits(scalar[h]),
                Float.floatToIntBits(got[h]),
                k + " " + type + " " + Integer.toHexString(h));
          }
        }
      }
    }
  }

  @Test
  void tensor_rejectsWrongSizes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.of("t", TensorType.Q8_0, 2, 32, ByteBuffer.allocate(67)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.of("t", TensorType.Q4_K, 1, 128, ByteBuffer.allocate(72)));
  }

  @Test
  void simd_isUsedWhereTheModuleIsResolved() {
    // surefire starts the JVM with --add-modules jdk.incubator.vector; the kernels' ByteBuffer
    // loads
    // exist in the Vector API of Java 17 (later incubators replaced them: scalar kernels run there)
    if (Runtime.version().feature() == 17) {
      assertTrue(Kernels.simdAvailable());
    }
    assumeTrue(Kernels.simdAvailable(), "this runtime's Vector API has no ByteBuffer loads");
    assertTrue(Kernels.simd().name().startsWith("simd-"));
  }
}
