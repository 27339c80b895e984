package dev.incognito.inference.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A two-dimensional weight tensor, row-major: {@code rows} rows of {@code cols} elements each,
 * encoded as {@link TensorType} blocks in a little-endian byte buffer (memory-mapped file region or
 * heap). ggml's {@code ne[0]} is {@code cols}; a one-dimensional tensor has one row. Immutable; the
 * buffer is a private read-only view.
 */
public final class Tensor {
  /** Largest tensor held in one buffer (bytes): a Java buffer is indexed by {@code int}. */
  public static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

  private final String name;
  private final TensorType type;
  private final int rows;
  private final int cols;
  private final int rowBytes;
  private final ByteBuffer data;

  private Tensor(String name, TensorType type, int rows, int cols, ByteBuffer data) {
    this.name = name;
    this.type = type;
    this.rows = rows;
    this.cols = cols;
    this.rowBytes = (int) type.bytesFor(cols);
    this.data = data;
  }

  /**
   * A tensor over {@code data} from its position to its limit, which must hold exactly {@code rows
   * * cols} elements of {@code type}.
   *
   * @throws IllegalArgumentException on a shape that does not fit the type or the buffer
   */
  public static Tensor of(String name, TensorType type, int rows, int cols, ByteBuffer data) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(name + ": empty shape " + rows + "x" + cols);
    }
    if (cols % type.blockSize() != 0) {
      throw new IllegalArgumentException(
          name + ": row length " + cols + " is not a multiple of the " + type + " block size");
    }
    long bytes = type.bytesFor(cols) * rows;
    if (bytes > MAX_TENSOR_BYTES) {
      throw new IllegalArgumentException(name + ": " + bytes + " bytes exceed one buffer");
    }
    if (data.remaining() != bytes) {
      throw new IllegalArgumentException(
          name
              + ": "
              + type
              + " "
              + rows
              + "x"
              + cols
              + " needs "
              + bytes
              + " bytes, buffer has "
              + data.remaining());
    }
    ByteBuffer view = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    return new Tensor(name, type, rows, cols, view);
  }

  /** A heap F32 tensor holding a copy of {@code values} ({@code rows * cols} of them). */
  public static Tensor ofFloats(String name, int rows, int cols, float[] values) {
    if ((long) rows * cols != values.length) {
      throw new IllegalArgumentException(
          name + ": " + values.length + " values for " + rows + "x" + cols);
    }
    ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(values);
    return of(name, TensorType.F32, rows, cols, bb);
  }

  public String name() {
    return name;
  }

  public TensorType type() {
    return type;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Bytes per row. */
  public int rowBytes() {
    return rowBytes;
  }

  /** The encoded bytes (little-endian, read-only, absolute indexing from 0). */
  ByteBuffer data() {
    return data;
  }

  /** Byte offset of row {@code row}. */
  int rowOffset(int row) {
    Objects.checkIndex(row, rows);
    return row * rowBytes;
  }

  /** Decodes row {@code row} into {@code out[off .. off + cols)}. */
  public void dequantizeRow(int row, float[] out, int off) {
    Objects.checkFromIndexSize(off, cols, out.length);
    Blocks.dequantize(type, data, rowOffset(row), cols, out, off);
  }

  /** All elements as floats, {@code rows * cols} of them (for small tensors: norms, biases). */
  public float[] toFloats() {
    float[] out = new float[Math.multiplyExact(rows, cols)];
    for (int r = 0; r < rows; r++) {
      dequantizeRow(r, out, r * cols);
    }
    return out;
  }

  @Override
  public String toString() {
    return name + " " + type + " " + rows + "x" + cols;
  }
}
