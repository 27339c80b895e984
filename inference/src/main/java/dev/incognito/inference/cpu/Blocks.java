package dev.incognito.inference.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Scalar decoding and dot products of ggml blocks, following llama.cpp's {@code dequantize_row_*}
 * in {@code ggml-quants.c}. Offsets are bytes into a little-endian buffer; {@code n} is a multiple
 * of the type's block size.
 */
final class Blocks {
  private Blocks() {}

  static void dequantize(TensorType type, ByteBuffer b, int off, int n, float[] y, int yOff) {
    switch (type) {
      case F32:
        b.slice(off, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(y, yOff, n);
        break;
      case F16:
        for (int i = 0; i < n; i++) {
          y[yOff + i] = Half.f16ToFloat(b.getShort(off + 2 * i));
        }
        break;
      case BF16:
        for (int i = 0; i < n; i++) {
          y[yOff + i] = Half.bf16ToFloat(b.getShort(off + 2 * i));
        }
        break;
      case Q8_0:
        for (int blk = 0; blk < n / 32; blk++, off += 34, yOff += 32) {
          float d = Half.f16ToFloat(b.getShort(off));
          for (int j = 0; j < 32; j++) {
            y[yOff + j] = d * b.get(off + 2 + j);
          }
        }
        break;
      case Q4_0:
        for (int blk = 0; blk < n / 32; blk++, off += 18, yOff += 32) {
          float d = Half.f16ToFloat(b.getShort(off));
          for (int j = 0; j < 16; j++) {
            int q = b.get(off + 2 + j) & 0xFF;
            y[yOff + j] = d * ((q & 0x0F) - 8);
            y[yOff + j + 16] = d * ((q >>> 4) - 8);
          }
        }
        break;
      case Q4_K:
        for (int blk = 0; blk < n / 256; blk++, off += 144, yOff += 256) {
          dequantizeQ4K(b, off, y, yOff);
        }
        break;
      case Q6_K:
        for (int blk = 0; blk < n / 256; blk++, off += 210, yOff += 256) {
          dequantizeQ6K(b, off, y, yOff);
        }
        break;
      default:
        throw new AssertionError(type);
    }
  }

  /** {@code get_scale_min_k4}: 6-bit scale (j) and min (j) of a Q4_K super-block, packed as int. */
  static int scaleK4(ByteBuffer b, int scales, int j) {
    if (j < 4) {
      return b.get(scales + j) & 63;
    }
    return (b.get(scales + j + 4) & 0x0F) | (((b.get(scales + j - 4) & 0xFF) >>> 6) << 4);
  }

  static int minK4(ByteBuffer b, int scales, int j) {
    if (j < 4) {
      return b.get(scales + j + 4) & 63;
    }
    return ((b.get(scales + j + 4) & 0xFF) >>> 4) | (((b.get(scales + j) & 0xFF) >>> 6) << 4);
  }

  /** One {@code block_q4_K} (144 bytes) at {@code off} into 256 floats. */
  static void dequantizeQ4K(ByteBuffer b, int off, float[] y, int yOff) {
    float d = Half.f16ToFloat(b.getShort(off));
    float dmin = Half.f16ToFloat(b.getShort(off + 2));
    int scales = off + 4;
    int q = off + 16;
    for (int j = 0, is = 0; j < 256; j += 64, is += 2, q += 32) {
      float d1 = d * scaleK4(b, scales, is);
      float m1 = dmin * minK4(b, scales, is);
      float d2 = d * scaleK4(b, scales, is + 1);
      float m2 = dmin * minK4(b, scales, is + 1);
      for (int l = 0; l < 32; l++) {
        int v = b.get(q + l) & 0xFF;
        y[yOff + j + l] = d1 * (v & 0x0F) - m1;
        y[yOff + j + l + 32] = d2 * (v >>> 4) - m2;
      }
    }
  }

  /** One {@code block_q6_K} (210 bytes) at {@code off} into 256 floats. */
  static void dequantizeQ6K(ByteBuffer b, int off, float[] y, int yOff) {
    int ql = off;
    int qh = off + 128;
    int sc = off + 192;
    float d = Half.f16ToFloat(b.getShort(off + 208));
    for (int n = 0; n < 256; n += 128, ql += 64, qh += 32, sc += 8) {
      for (int l = 0; l < 32; l++) {
        int is = l / 16;
        int low0 = b.get(ql + l) & 0xFF;
        int low32 = b.get(ql + l + 32) & 0xFF;
        int high = b.get(qh + l) & 0xFF;
        int q1 = ((low0 & 0x0F) | ((high & 3) << 4)) - 32;
        int q2 = ((low32 & 0x0F) | (((high >>> 2) & 3) << 4)) - 32;
        int q3 = ((low0 >>> 4) | (((high >>> 4) & 3) << 4)) - 32;
        int q4 = ((low32 >>> 4) | (((high >>> 6) & 3) << 4)) - 32;
        y[yOff + n + l] = d * b.get(sc + is) * q1;
        y[yOff + n + l + 32] = d * b.get(sc + is + 2) * q2;
        y[yOff + n + l + 64] = d * b.get(sc + is + 4) * q3;
        y[yOff + n + l + 96] = d * b.get(sc + is + 6) * q4;
      }
    }
  }

  /** Dot product of {@code n} encoded elements at {@code off} with {@code x[xOff ..]}. */
  static float dot(TensorType type, ByteBuffer b, int off, int n, float[] x, int xOff) {
    switch (type) {
      case F32:
        {
          float s = 0f;
          for (int i = 0; i < n; i++) {
            s += b.getFloat(off + 4 * i) * x[xOff + i];
          }
          return s;
        }
      case F16:
        {
          float s = 0f;
          for (int i = 0; i < n; i++) {
            s += Half.f16ToFloat(b.getShort(off + 2 * i)) * x[xOff + i];
          }
          return s;
        }
      case BF16:
        {
          float s = 0f;
          for (int i = 0; i < n; i++) {
            s += Half.bf16ToFloat(b.getShort(off + 2 * i)) * x[xOff + i];
          }
          return s;
        }
      case Q8_0:
        {
          float s = 0f;
          for (int blk = 0; blk < n / 32; blk++, off += 34, xOff += 32) {
            float bs = 0f;
            for (int j = 0; j < 32; j++) {
              bs += b.get(off + 2 + j) * x[xOff + j];
            }
            s += Half.f16ToFloat(b.getShort(off)) * bs;
          }
          return s;
        }
      case Q4_0:
        {
          float s = 0f;
          for (int blk = 0; blk < n / 32; blk++, off += 18, xOff += 32) {
            float bs = 0f;
            for (int j = 0; j < 16; j++) {
              int q = b.get(off + 2 + j) & 0xFF;
              bs += ((q & 0x0F) - 8) * x[xOff + j] + ((q >>> 4) - 8) * x[xOff + j + 16];
            }
            s += Half.f16ToFloat(b.getShort(off)) * bs;
          }
          return s;
        }
      case Q4_K:
      case Q6_K:
        {
          float[] tmp = new float[256];
          float s = 0f;
          int bytes = type.blockBytes();
          for (int blk = 0; blk < n / 256; blk++, off += bytes, xOff += 256) {
            if (type == TensorType.Q4_K) {
              dequantizeQ4K(b, off, tmp, 0);
            } else {
              dequantizeQ6K(b, off, tmp, 0);
            }
            for (int j = 0; j < 256; j++) {
              s += tmp[j] * x[xOff + j];
            }
          }
          return s;
        }
      default:
        throw new AssertionError(type);
    }
  }
}
