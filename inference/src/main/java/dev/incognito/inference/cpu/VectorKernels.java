package dev.incognito.inference.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API. Loaded only through {@link Kernels#simd()}, after checking that {@code
 * jdk.incubator.vector} is resolved. F32 and Q8_0 rows are read in place; the other types go
 * through {@link Blocks} one block at a time and a vector dot.
 */
final class VectorKernels extends Kernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = F.length();

  /** Bytes with as many lanes as {@link #F}: 8 bytes per 8 floats, 16 per 16. */
  private static final VectorSpecies<Byte> B =
      LANES >= 8 && LANES <= 32
          ? VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8))
          : null;

  @Override
  public String name() {
    return "simd-" + LANES;
  }

  @Override
  boolean dotsInPlace(TensorType type) {
    return type == TensorType.F32
        || ((type == TensorType.Q8_0 || type == TensorType.Q4_0) && B != null && LANES <= 16);
  }

  @Override
  public float dot(Tensor w, int row, float[] x, int xOff) {
    checkRow(w, row, x, xOff);
    ByteBuffer b = w.data(row);
    int off = w.rowOffset(row);
    int n = w.cols();
    switch (w.type()) {
      case F32:
        return dotF32(b, off, x, xOff, n);
      case Q8_0:
        return dotsInPlace(TensorType.Q8_0)
            ? dotQ8(b, off, x, xOff, n)
            : Blocks.dot(w.type(), b, off, n, x, xOff);
      case Q4_0:
        return dotsInPlace(TensorType.Q4_0)
            ? dotQ4(b, off, x, xOff, n)
            : dotDecoded(w.type(), b, off, x, xOff, n);
      default:
        return dotDecoded(w.type(), b, off, x, xOff, n);
    }
  }

  private static float dotF32(ByteBuffer b, int off, float[] x, int xOff, int n) {
    FloatVector acc = FloatVector.zero(F);
    int i = 0;
    int bound = F.loopBound(n);
    for (; i < bound; i += LANES) {
      FloatVector w = FloatVector.fromByteBuffer(F, b, off + 4 * i, ByteOrder.LITTLE_ENDIAN);
      acc = w.fma(FloatVector.fromArray(F, x, xOff + i), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += b.getFloat(off + 4 * i) * x[xOff + i];
    }
    return s;
  }

  /** Q8_0: per block of 32, convert int8 lanes to float, fma with x, scale by d. */
  private static float dotQ8(ByteBuffer b, int off, float[] x, int xOff, int n) {
    FloatVector acc = FloatVector.zero(F);
    for (int blk = 0; blk < n / 32; blk++, off += 34, xOff += 32) {
      FloatVector bs = FloatVector.zero(F);
      for (int j = 0; j < 32; j += LANES) {
        FloatVector q =
            (FloatVector)
                ByteVector.fromByteBuffer(B, b, off + 2 + j, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2F, F, 0);
        bs = q.fma(FloatVector.fromArray(F, x, xOff + j), bs);
      }
      acc = bs.fma(FloatVector.broadcast(F, Half.f16ToFloat(b.getShort(off))), acc);
    }
    return acc.reduceLanes(VectorOperators.ADD);
  }

  /**
   * Q4_0: per block of 32, byte j holds element j (low nibble) and j + 16 (high nibble); each half
   * is converted to float lanes, offset by -8, fma with x, then scaled by d.
   */
  private static float dotQ4(ByteBuffer b, int off, float[] x, int xOff, int n) {
    FloatVector acc = FloatVector.zero(F);
    FloatVector eight = FloatVector.broadcast(F, 8f);
    for (int blk = 0; blk < n / 32; blk++, off += 18, xOff += 32) {
      FloatVector bs = FloatVector.zero(F);
      for (int j = 0; j < 16; j += LANES) {
        ByteVector q = ByteVector.fromByteBuffer(B, b, off + 2 + j, ByteOrder.LITTLE_ENDIAN);
        FloatVector lo =
            ((FloatVector) q.and((byte) 0x0F).convertShape(VectorOperators.B2F, F, 0)).sub(eight);
        FloatVector hi =
            ((FloatVector)
                    q.lanewise(VectorOperators.LSHR, 4)
                        .and((byte) 0x0F)
                        .convertShape(VectorOperators.B2F, F, 0))
                .sub(eight);
        bs = lo.fma(FloatVector.fromArray(F, x, xOff + j), bs);
        bs = hi.fma(FloatVector.fromArray(F, x, xOff + 16 + j), bs);
      }
      acc = bs.fma(FloatVector.broadcast(F, Half.f16ToFloat(b.getShort(off))), acc);
    }
    return acc.reduceLanes(VectorOperators.ADD);
  }

  @Override
  public void dots(
      float[] a, int aOff, float[][] x, int count, int n, float[][] out, int outIndex) {
    int b = 0;
    int bound = F.loopBound(n);
    for (; b + 4 <= count; b += 4) {
      float[] x0 = x[b];
      float[] x1 = x[b + 1];
      float[] x2 = x[b + 2];
      float[] x3 = x[b + 3];
      FloatVector s0 = FloatVector.zero(F);
      FloatVector s1 = FloatVector.zero(F);
      FloatVector s2 = FloatVector.zero(F);
      FloatVector s3 = FloatVector.zero(F);
      int i = 0;
      for (; i < bound; i += LANES) {
        FloatVector w = FloatVector.fromArray(F, a, aOff + i);
        s0 = w.fma(FloatVector.fromArray(F, x0, i), s0);
        s1 = w.fma(FloatVector.fromArray(F, x1, i), s1);
        s2 = w.fma(FloatVector.fromArray(F, x2, i), s2);
        s3 = w.fma(FloatVector.fromArray(F, x3, i), s3);
      }
      float r0 = s0.reduceLanes(VectorOperators.ADD);
      float r1 = s1.reduceLanes(VectorOperators.ADD);
      float r2 = s2.reduceLanes(VectorOperators.ADD);
      float r3 = s3.reduceLanes(VectorOperators.ADD);
      for (; i < n; i++) {
        float w = a[aOff + i];
        r0 += w * x0[i];
        r1 += w * x1[i];
        r2 += w * x2[i];
        r3 += w * x3[i];
      }
      out[b][outIndex] = r0;
      out[b + 1][outIndex] = r1;
      out[b + 2][outIndex] = r2;
      out[b + 3][outIndex] = r3;
    }
    for (; b < count; b++) {
      out[b][outIndex] = dot(a, aOff, x[b], 0, n);
    }
  }

  private float dotDecoded(TensorType type, ByteBuffer b, int off, float[] x, int xOff, int n) {
    int block = Math.max(type.blockSize(), 256);
    block -= block % type.blockSize();
    float[] tmp = new float[block];
    float s = 0f;
    for (int i = 0; i < n; i += block) {
      int len = Math.min(block, n - i);
      Blocks.dequantize(type, b, off + (int) type.bytesFor(i), len, tmp, 0);
      s += dot(tmp, 0, x, xOff + i, len);
    }
    return s;
  }

  @Override
  public float dot(float[] a, int aOff, float[] c, int cOff, int n) {
    FloatVector acc = FloatVector.zero(F);
    int i = 0;
    int bound = F.loopBound(n);
    for (; i < bound; i += LANES) {
      acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, c, cOff + i), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      s += a[aOff + i] * c[cOff + i];
    }
    return s;
  }

  @Override
  public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
    int i = 0;
    int bound = F.loopBound(n);
    FloatVector av = FloatVector.broadcast(F, a);
    for (; i < bound; i += LANES) {
      FloatVector.fromArray(F, x, xOff + i)
          .fma(av, FloatVector.fromArray(F, y, yOff + i))
          .intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] += a * x[xOff + i];
    }
  }
}
