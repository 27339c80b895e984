package dev.incognito.inference.gguf;

/** The metadata value types of GGUF ({@code enum gguf_type}), with their ids on disk. */
public enum GgufValueType {
  UINT8(0, 1),
  INT8(1, 1),
  UINT16(2, 2),
  INT16(3, 2),
  UINT32(4, 4),
  INT32(5, 4),
  FLOAT32(6, 4),
  BOOL(7, 1),
  STRING(8, 8),
  ARRAY(9, 12),
  UINT64(10, 8),
  INT64(11, 8),
  FLOAT64(12, 8);

  private static final GgufValueType[] BY_ID = values();

  private final int id;
  private final int minBytes;

  GgufValueType(int id, int minBytes) {
    this.id = id;
    this.minBytes = minBytes;
  }

  /** The {@code gguf_type} value stored in the file. */
  public int id() {
    return id;
  }

  /** The fewest bytes one value of this type takes on disk (a string: its length prefix). */
  int minBytes() {
    return minBytes;
  }

  boolean isInteger() {
    return switch (this) {
      case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
      default -> false;
    };
  }

  /** The type with this id, or {@code null}. */
  static GgufValueType fromId(int id) {
    return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
  }
}
