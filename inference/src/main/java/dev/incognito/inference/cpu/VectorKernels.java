package dev.incognito.inference.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
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

  /** binary16 lanes, as many as {@link #F} has. */
  private static final VectorSpecies<Short> S =
      LANES * 16 <= 512
          ? VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, LANES * 16)))
          : null;

  /** Whether binary16 lanes line up with float lanes (else F16/BF16 go through row decoding). */
  private static final boolean HALF_LANES = S != null && S.length() == LANES;

  private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

  @Override
  public String name() {
    return "simd-" + LANES;
  }

  @Override
  boolean dotsInPlace(TensorType type) {
    return type == TensorType.F32
        || ((type == TensorType.F16 || type == TensorType.BF16) && HALF_LANES)
        || (B != null && LANES <= 16 && type != TensorType.F16 && type != TensorType.BF16);
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
      case F16:
      case BF16:
        return HALF_LANES
            ? dotHalf(w.type() == TensorType.F16, b, off, x, xOff, n)
            : dotDecoded(w.type(), b, off, x, xOff, n);
      case Q4_0:
        return dotsInPlace(TensorType.Q4_0)
            ? dotQ4(b, off, x, xOff, n)
            : dotDecoded(w.type(), b, off, x, xOff, n);
      case Q4_K:
        return dotsInPlace(TensorType.Q4_K)
            ? dotQ4K(b, off, x, xOff, n)
            : dotDecoded(w.type(), b, off, x, xOff, n);
      case Q6_K:
        return dotsInPlace(TensorType.Q6_K)
            ? dotQ6K(b, off, x, xOff, n)
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

  /**
   * binary16 lanes to binary32: sign moved up 16 bits; exponent and mantissa shifted into place and
   * scaled by 2^112 (which also normalises subnormals exactly); infinities and NaNs (exponent 31)
   * rebuilt with an all-ones exponent.
   */
  private static FloatVector f16ToFloat(IntVector h) {
    IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
    IntVector em = h.and(0x7FFF);
    IntVector shifted = em.lanewise(VectorOperators.LSHL, 13);
    IntVector magnitude =
        ((FloatVector) shifted.reinterpretAsFloats()).mul(0x1p112f).reinterpretAsInts();
    VectorMask<Integer> special = em.compare(VectorOperators.GE, 0x7C00);
    magnitude = magnitude.blend(shifted.or(0x7F800000), special);
    return (FloatVector) magnitude.or(sign).reinterpretAsFloats();
  }

  private static FloatVector halfLanes(boolean f16, ByteBuffer b, int byteOff) {
    IntVector h =
        (IntVector)
            ShortVector.fromByteBuffer(S, b, byteOff, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.S2I, I, 0);
    if (f16) {
      return f16ToFloat(h);
    }
    return (FloatVector) h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
  }

  private static float dotHalf(boolean f16, ByteBuffer b, int off, float[] x, int xOff, int n) {
    FloatVector acc = FloatVector.zero(F);
    int i = 0;
    int bound = F.loopBound(n);
    for (; i < bound; i += LANES) {
      acc = halfLanes(f16, b, off + 2 * i).fma(FloatVector.fromArray(F, x, xOff + i), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) {
      short h = b.getShort(off + 2 * i);
      s += (f16 ? Half.f16ToFloat(h) : Half.bf16ToFloat(h)) * x[xOff + i];
    }
    return s;
  }

  @Override
  public void decodeRow(Tensor w, int row, float[] out) {
    TensorType type = w.type();
    boolean half = type == TensorType.F16 || type == TensorType.BF16;
    if (half ? !HALF_LANES : !dotsInPlace(type) || type == TensorType.F32) {
      super.decodeRow(w, row, out);
      return;
    }
    checkRow(w, row, out, 0);
    ByteBuffer b = w.data(row);
    int off = w.rowOffset(row);
    int n = w.cols();
    switch (type) {
      case F16:
      case BF16:
        {
          boolean f16 = type == TensorType.F16;
          int i = 0;
          int bound = F.loopBound(n);
          for (; i < bound; i += LANES) {
            halfLanes(f16, b, off + 2 * i).intoArray(out, i);
          }
          for (; i < n; i++) {
            short h = b.getShort(off + 2 * i);
            out[i] = f16 ? Half.f16ToFloat(h) : Half.bf16ToFloat(h);
          }
          break;
        }
      case Q8_0:
        for (int o = 0; o < n; o += 32, off += 34) {
          FloatVector d = bcast(Half.f16ToFloat(b.getShort(off)));
          for (int j = 0; j < 32; j += LANES) {
            ((FloatVector)
                    ByteVector.fromByteBuffer(B, b, off + 2 + j, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2F, F, 0))
                .mul(d)
                .intoArray(out, o + j);
          }
        }
        break;
      case Q4_0:
        {
          FloatVector eight = bcast(8f);
          for (int o = 0; o < n; o += 32, off += 18) {
            FloatVector d = bcast(Half.f16ToFloat(b.getShort(off)));
            for (int j = 0; j < 16; j += LANES) {
              ByteVector q = ByteVector.fromByteBuffer(B, b, off + 2 + j, ByteOrder.LITTLE_ENDIAN);
              nibbles(q, false).sub(eight).mul(d).intoArray(out, o + j);
              nibbles(q, true).sub(eight).mul(d).intoArray(out, o + 16 + j);
            }
          }
          break;
        }
      case Q4_K:
        for (int o = 0; o < n; o += 256, off += 144) {
          float d = Half.f16ToFloat(b.getShort(off));
          float dmin = Half.f16ToFloat(b.getShort(off + 2));
          for (int p = 0; p < 4; p++) {
            FloatVector d1 = bcast(d * Blocks.scaleK4(b, off + 4, 2 * p));
            FloatVector m1 = bcast(dmin * Blocks.minK4(b, off + 4, 2 * p));
            FloatVector d2 = bcast(d * Blocks.scaleK4(b, off + 4, 2 * p + 1));
            FloatVector m2 = bcast(dmin * Blocks.minK4(b, off + 4, 2 * p + 1));
            for (int j = 0; j < 32; j += LANES) {
              ByteVector q =
                  ByteVector.fromByteBuffer(B, b, off + 16 + 32 * p + j, ByteOrder.LITTLE_ENDIAN);
              nibbles(q, false).mul(d1).sub(m1).intoArray(out, o + 64 * p + j);
              nibbles(q, true).mul(d2).sub(m2).intoArray(out, o + 64 * p + 32 + j);
            }
          }
        }
        break;
      default:
        super.decodeRow(w, row, out);
    }
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

  private static FloatVector nibbles(ByteVector q, boolean high) {
    ByteVector v = high ? q.lanewise(VectorOperators.LSHR, 4) : q;
    return (FloatVector) v.and((byte) 0x0F).convertShape(VectorOperators.B2F, F, 0);
  }

  /**
   * Q4_K: per super-block of 256, four runs of 32 bytes; the low nibbles are sub-block 2p (scale d
   * * sc, minus dmin * m), the high nibbles sub-block 2p + 1. Scaled sums of q·x and of x are
   * accumulated separately and reduced once per row.
   */
  private static float dotQ4K(ByteBuffer b, int off, float[] x, int xOff, int n) {
    FloatVector accQ = FloatVector.zero(F);
    FloatVector accX = FloatVector.zero(F);
    for (int blk = 0; blk < n / 256; blk++, off += 144, xOff += 256) {
      float d = Half.f16ToFloat(b.getShort(off));
      float dmin = Half.f16ToFloat(b.getShort(off + 2));
      for (int p = 0; p < 4; p++) {
        int q = off + 16 + 32 * p;
        int xo = xOff + 64 * p;
        FloatVector lo = FloatVector.zero(F);
        FloatVector hi = FloatVector.zero(F);
        FloatVector xlo = FloatVector.zero(F);
        FloatVector xhi = FloatVector.zero(F);
        for (int j = 0; j < 32; j += LANES) {
          ByteVector qv = ByteVector.fromByteBuffer(B, b, q + j, ByteOrder.LITTLE_ENDIAN);
          FloatVector xl = FloatVector.fromArray(F, x, xo + j);
          FloatVector xh = FloatVector.fromArray(F, x, xo + 32 + j);
          lo = nibbles(qv, false).fma(xl, lo);
          hi = nibbles(qv, true).fma(xh, hi);
          xlo = xlo.add(xl);
          xhi = xhi.add(xh);
        }
        accQ = lo.fma(bcast(d * Blocks.scaleK4(b, off + 4, 2 * p)), accQ);
        accQ = hi.fma(bcast(d * Blocks.scaleK4(b, off + 4, 2 * p + 1)), accQ);
        accX = xlo.fma(bcast(dmin * Blocks.minK4(b, off + 4, 2 * p)), accX);
        accX = xhi.fma(bcast(dmin * Blocks.minK4(b, off + 4, 2 * p + 1)), accX);
      }
    }
    return accQ.sub(accX).reduceLanes(VectorOperators.ADD);
  }

  /**
   * Q6_K: per half (128 elements) of a super-block, element l of each quarter takes its low 4 bits
   * from ql[l] or ql[l + 32] (low or high nibble) and its top 2 bits from qh[l]; the int8 scale
   * changes every 16 elements, so every lane group of at most 16 shares one.
   */
  private static float dotQ6K(ByteBuffer b, int off, float[] x, int xOff, int n) {
    FloatVector acc = FloatVector.zero(F);
    FloatVector bias = FloatVector.broadcast(F, 32f);
    for (int blk = 0; blk < n / 256; blk++, off += 210, xOff += 256) {
      float d = Half.f16ToFloat(b.getShort(off + 208));
      for (int half = 0; half < 2; half++) {
        int ql = off + 64 * half;
        int qh = off + 128 + 32 * half;
        int sc = off + 192 + 8 * half;
        int xo = xOff + 128 * half;
        for (int l = 0; l < 32; l += LANES) {
          int is = l / 16;
          ByteVector a = ByteVector.fromByteBuffer(B, b, ql + l, ByteOrder.LITTLE_ENDIAN);
          ByteVector c = ByteVector.fromByteBuffer(B, b, ql + 32 + l, ByteOrder.LITTLE_ENDIAN);
          ByteVector h = ByteVector.fromByteBuffer(B, b, qh + l, ByteOrder.LITTLE_ENDIAN);
          // top bits moved into place with masks, right shifts and doublings (byte lanes have
          // no cheap left shift on x86)
          ByteVector h1 = h.and((byte) 0x03);
          h1 = h1.add(h1);
          h1 = h1.add(h1);
          h1 = h1.add(h1);
          h1 = h1.add(h1); // (h & 3) << 4
          ByteVector h2 = h.and((byte) 0x0C);
          h2 = h2.add(h2);
          h2 = h2.add(h2); // ((h >> 2) & 3) << 4
          ByteVector q1 = a.and((byte) 0x0F).or(h1);
          ByteVector q2 = c.and((byte) 0x0F).or(h2);
          ByteVector q3 = a.lanewise(VectorOperators.LSHR, 4).or(h.and((byte) 0x30));
          ByteVector q4 =
              c.lanewise(VectorOperators.LSHR, 4)
                  .or(h.lanewise(VectorOperators.LSHR, 2).and((byte) 0x30));
          acc =
              q6(q1, bias)
                  .mul(FloatVector.fromArray(F, x, xo + l))
                  .fma(bcast(d * b.get(sc + is)), acc);
          acc =
              q6(q2, bias)
                  .mul(FloatVector.fromArray(F, x, xo + 32 + l))
                  .fma(bcast(d * b.get(sc + is + 2)), acc);
          acc =
              q6(q3, bias)
                  .mul(FloatVector.fromArray(F, x, xo + 64 + l))
                  .fma(bcast(d * b.get(sc + is + 4)), acc);
          acc =
              q6(q4, bias)
                  .mul(FloatVector.fromArray(F, x, xo + 96 + l))
                  .fma(bcast(d * b.get(sc + is + 6)), acc);
        }
      }
    }
    return acc.reduceLanes(VectorOperators.ADD);
  }

  private static FloatVector bcast(float v) {
    return FloatVector.broadcast(F, v);
  }

  private static FloatVector q6(ByteVector q, FloatVector bias) {
    return ((FloatVector) q.convertShape(VectorOperators.B2F, F, 0)).sub(bias);
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
