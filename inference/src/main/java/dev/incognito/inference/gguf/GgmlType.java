package dev.incognito.inference.gguf;

/**
 * The tensor element types of ggml ({@code enum ggml_type} in ggml.h), with their on-disk block
 * layout: a row of {@code ne0} elements is stored as {@code ne0 / blockSize()} blocks of {@code
 * bytesPerBlock()} bytes. Ids are the values stored in a GGUF tensor info.
 */
public enum GgmlType {
  F32(0, 1, 4),
  F16(1, 1, 2),
  Q4_0(2, 32, 18),
  Q4_1(3, 32, 20),
  Q5_0(6, 32, 22),
  Q5_1(7, 32, 24),
  Q8_0(8, 32, 34),
  Q8_1(9, 32, 36),
  Q2_K(10, 256, 84),
  Q3_K(11, 256, 110),
  Q4_K(12, 256, 144),
  Q5_K(13, 256, 176),
  Q6_K(14, 256, 210),
  Q8_K(15, 256, 292),
  IQ2_XXS(16, 256, 66),
  IQ2_XS(17, 256, 74),
  IQ3_XXS(18, 256, 98),
  IQ1_S(19, 256, 50),
  IQ4_NL(20, 32, 18),
  IQ3_S(21, 256, 110),
  IQ2_S(22, 256, 82),
  IQ4_XS(23, 256, 136),
  I8(24, 1, 1),
  I16(25, 1, 2),
  I32(26, 1, 4),
  I64(27, 1, 8),
  F64(28, 1, 8),
  IQ1_M(29, 256, 56),
  BF16(30, 1, 2),
  TQ1_0(34, 256, 54),
  TQ2_0(35, 256, 66),
  MXFP4(39, 32, 17);

  private static final GgmlType[] BY_ID = new GgmlType[64];

  static {
    for (GgmlType t : values()) {
      BY_ID[t.id] = t;
    }
  }

  private final int id;
  private final int blockSize;
  private final int bytesPerBlock;

  GgmlType(int id, int blockSize, int bytesPerBlock) {
    this.id = id;
    this.blockSize = blockSize;
    this.bytesPerBlock = bytesPerBlock;
  }

  /** The {@code ggml_type} value stored in the file. */
  public int id() {
    return id;
  }

  /** Elements per block. */
  public int blockSize() {
    return blockSize;
  }

  /** Bytes per block. */
  public int bytesPerBlock() {
    return bytesPerBlock;
  }

  /**
   * Whether this project's kernels can compute with tensors of this type: F32, F16, BF16, Q8_0,
   * Q4_0, Q4_K and Q6_K.
   */
  public boolean supported() {
    return switch (this) {
      case F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K -> true;
      default -> false;
    };
  }

  /**
   * Bytes taken by {@code elements} elements of this type.
   *
   * @throws ArithmeticException if {@code elements} is not a whole number of blocks or overflows
   */
  public long byteSize(long elements) {
    if (elements < 0 || elements % blockSize != 0) {
      throw new ArithmeticException(
          elements + " elements is not a whole number of " + this + " blocks of " + blockSize);
    }
    return Math.multiplyExact(elements / blockSize, (long) bytesPerBlock);
  }

  /**
   * The type with this id.
   *
   * @throws GgufFormatException for an id that is not a known {@code ggml_type}
   */
  public static GgmlType fromId(int id) throws GgufFormatException {
    GgmlType t = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    if (t == null) {
      throw new GgufFormatException("unknown ggml tensor type id " + Integer.toUnsignedString(id));
    }
    return t;
  }
}
