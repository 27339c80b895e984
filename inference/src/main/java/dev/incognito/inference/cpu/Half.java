package dev.incognito.inference.cpu;

/** Conversions between binary16 / bfloat16 bit patterns and binary32 (Java 17 has none). */
public final class Half {
  private static final float[] F16_TABLE = new float[1 << 16];

  static {
    for (int h = 0; h < F16_TABLE.length; h++) {
      F16_TABLE[h] = convert(h);
    }
  }

  private Half() {}

  /** The binary32 value of the binary16 bit pattern {@code h} (low 16 bits used). */
  public static float f16ToFloat(short h) {
    return F16_TABLE[h & 0xFFFF];
  }

  /** The binary32 value of the bfloat16 bit pattern {@code h}. */
  public static float bf16ToFloat(short h) {
    return Float.intBitsToFloat((h & 0xFFFF) << 16);
  }

  /** Round-to-nearest-even binary16 bit pattern of {@code f}. */
  public static short floatToF16(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xFF;
    int mant = bits & 0x7FFFFF;
    if (exp == 0xFF) {
      return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      mant |= 0x800000;
      int shift = 14 - e;
      int half = mant >>> shift;
      int rem = mant & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rem > mid || (rem == mid && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rem = mant & 0x1FFF;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
      half++;
    }
    return (short) (sign | half);
  }

  private static float convert(int h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }
}
