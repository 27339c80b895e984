package dev.incognito.inference.cpu;

/**
 * Element encodings of a weight tensor, with ggml's block layouts (llama.cpp {@code
 * ggml-common.h}). A row of {@code n} elements occupies {@code n / blockSize} blocks of {@code
 * blockBytes} bytes; all multi-byte fields are little-endian.
 */
public enum TensorType {
  /** IEEE binary32. */
  F32(0, 1, 4),
  /** IEEE binary16. */
  F16(1, 1, 2),
  /** bfloat16: the upper 16 bits of a binary32. */
  BF16(30, 1, 2),
  /** {@code block_q8_0}: f16 scale d, 32 int8 quants; x = d * q. */
  Q8_0(8, 32, 34),
  /** {@code block_q4_0}: f16 scale d, 16 bytes of nibbles; x = d * (q - 8), low nibbles first. */
  Q4_0(2, 32, 18),
  /**
   * {@code block_q4_K}: f16 d, f16 dmin, 12 bytes of packed 6-bit scales and mins for 8 sub-blocks
   * of 32, 128 bytes of nibbles; x = d * sc * q - dmin * m.
   */
  Q4_K(12, 256, 144),
  /**
   * {@code block_q6_K}: 128 bytes of low nibbles, 64 bytes of high 2-bit pairs, 16 int8 scales for
   * sub-blocks of 16, f16 d; x = d * sc * (q - 32).
   */
  Q6_K(14, 256, 210);

  private final int ggmlId;
  private final int blockSize;
  private final int blockBytes;

  TensorType(int ggmlId, int blockSize, int blockBytes) {
    this.ggmlId = ggmlId;
    this.blockSize = blockSize;
    this.blockBytes = blockBytes;
  }

  /** The {@code ggml_type} number used in GGUF tensor infos. */
  public int ggmlId() {
    return ggmlId;
  }

  /** Elements per block. */
  public int blockSize() {
    return blockSize;
  }

  /** Bytes per block. */
  public int blockBytes() {
    return blockBytes;
  }

  /** Bytes taken by {@code n} elements; {@code n} must be a multiple of {@link #blockSize()}. */
  public long bytesFor(long n) {
    if (n % blockSize != 0) {
      throw new IllegalArgumentException(
          this + " needs a multiple of " + blockSize + " elements, got " + n);
    }
    return n / blockSize * blockBytes;
  }

  /** The type with the given {@code ggml_type} number, or {@code null} if not supported here. */
  public static TensorType ofGgmlId(int id) {
    for (TensorType t : values()) {
      if (t.ggmlId == id) {
        return t;
      }
    }
    return null;
  }
}
