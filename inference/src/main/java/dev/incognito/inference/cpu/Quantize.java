package dev.incognito.inference.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reference quantisers into ggml blocks, as llama.cpp's {@code quantize_row_q8_0_ref} and {@code
 * quantize_row_q4_0_ref}. The input length must be a multiple of 32; the output is little-endian.
 */
public final class Quantize {
  private Quantize() {}

  /** {@code block_q8_0}: d = max|x| / 127, q = round(x / d). */
  public static byte[] q8_0(float[] x) {
    int blocks = blocks(x.length);
    ByteBuffer out = ByteBuffer.allocate(blocks * 34).order(ByteOrder.LITTLE_ENDIAN);
    for (int blk = 0; blk < blocks; blk++) {
      float amax = 0f;
      for (int j = 0; j < 32; j++) {
        amax = Math.max(amax, Math.abs(x[blk * 32 + j]));
      }
      float d = amax / 127f;
      float id = d != 0f ? 1f / d : 0f;
      out.putShort(Half.floatToF16(d));
      for (int j = 0; j < 32; j++) {
        out.put((byte) Math.round(x[blk * 32 + j] * id));
      }
    }
    return out.array();
  }

  /**
   * {@code block_q4_0}: d = max / -8 where max is the value of largest magnitude (sign kept), q =
   * min(15, (int) (x / d + 8.5)); element j in the low nibble of byte j, element j + 16 in its high
   * nibble.
   */
  public static byte[] q4_0(float[] x) {
    int blocks = blocks(x.length);
    ByteBuffer out = ByteBuffer.allocate(blocks * 18).order(ByteOrder.LITTLE_ENDIAN);
    for (int blk = 0; blk < blocks; blk++) {
      float amax = 0f;
      float max = 0f;
      for (int j = 0; j < 32; j++) {
        float v = x[blk * 32 + j];
        if (Math.abs(v) > amax) {
          amax = Math.abs(v);
          max = v;
        }
      }
      float d = max / -8f;
      float id = d != 0f ? 1f / d : 0f;
      out.putShort(Half.floatToF16(d));
      for (int j = 0; j < 16; j++) {
        int q0 = Math.min(15, (int) (x[blk * 32 + j] * id + 8.5f));
        int q1 = Math.min(15, (int) (x[blk * 32 + j + 16] * id + 8.5f));
        out.put((byte) (q0 | (q1 << 4)));
      }
    }
    return out.array();
  }

  private static int blocks(int n) {
    if (n % 32 != 0) {
      throw new IllegalArgumentException("length " + n + " is not a multiple of 32");
    }
    return n / 32;
  }
}
