package dev.incognito.inference.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A two-dimensional weight tensor, row-major: {@code rows} rows of {@code cols} elements each,
 * encoded as {@link TensorType} blocks in a little-endian byte buffer (memory-mapped file region or
 * heap). ggml's {@code ne[0]} is {@code cols}; a one-dimensional tensor has one row. Immutable; the
 * buffer is a private read-only view.
 */
public final class Tensor {
  /** Largest buffer of one tensor (bytes): a Java buffer is indexed by {@code int}. */
  public static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

  private final String name;
  private final TensorType type;
  private final int rows;
  private final int cols;
  private final int rowBytes;
  private final ByteBuffer[] segments; // whole rows each, rowsPerSegment of them (last: the rest)
  private final int rowsPerSegment;

  private Tensor(
      String name,
      TensorType type,
      int rows,
      int cols,
      int rowBytes,
      ByteBuffer[] segments,
      int rowsPerSegment) {
    this.name = name;
    this.type = type;
    this.rows = rows;
    this.cols = cols;
    this.rowBytes = rowBytes;
    this.segments = segments;
    this.rowsPerSegment = rowsPerSegment;
  }

  /**
   * A tensor over {@code data} from its position to its limit, which must hold exactly {@code rows
   * * cols} elements of {@code type}.
   *
   * @throws IllegalArgumentException on a shape that does not fit the type or the buffer
   */
  public static Tensor of(String name, TensorType type, int rows, int cols, ByteBuffer data) {
    return of(name, type, rows, cols, new ByteBuffer[] {data}, rows);
  }

  /**
   * A tensor split over several buffers of whole rows: {@code segments[i]} holds rows {@code [i *
   * rowsPerSegment, ...)}, each full but the last (a file mapped in windows).
   *
   * @throws IllegalArgumentException on a shape that does not fit the type or the buffers
   */
  public static Tensor of(
      String name, TensorType type, int rows, int cols, ByteBuffer[] segments, int rowsPerSegment) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(name + ": empty shape " + rows + "x" + cols);
    }
    if (cols % type.blockSize() != 0) {
      throw new IllegalArgumentException(
          name + ": row length " + cols + " is not a multiple of the " + type + " block size");
    }
    long rowBytes = type.bytesFor(cols);
    if (rowsPerSegment <= 0
        || (long) rowsPerSegment * rowBytes > MAX_TENSOR_BYTES
        || segments.length != (rows + (long) rowsPerSegment - 1) / rowsPerSegment) {
      throw new IllegalArgumentException(
          name
              + ": "
              + segments.length
              + " segments of "
              + rowsPerSegment
              + " rows for "
              + rows
              + " rows of "
              + rowBytes
              + " bytes");
    }
    ByteBuffer[] views = new ByteBuffer[segments.length];
    for (int i = 0; i < segments.length; i++) {
      long segRows = Math.min(rowsPerSegment, rows - (long) i * rowsPerSegment);
      if (segments[i].remaining() != segRows * rowBytes) {
        throw new IllegalArgumentException(
            name
                + ": "
                + type
                + " "
                + rows
                + "x"
                + cols
                + " segment "
                + i
                + " needs "
                + segRows * rowBytes
                + " bytes, buffer has "
                + segments[i].remaining());
      }
      views[i] = segments[i].slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
    return new Tensor(name, type, rows, cols, (int) rowBytes, views, rowsPerSegment);
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

  /** The buffer holding row {@code row} (little-endian, read-only, absolute indexing). */
  ByteBuffer data(int row) {
    return segments[row / rowsPerSegment];
  }

  /** Byte offset of row {@code row} within {@link #data(int)}. */
  int rowOffset(int row) {
    Objects.checkIndex(row, rows);
    return (row % rowsPerSegment) * rowBytes;
  }

  /**
   * The encoded rows in order, as read-only little-endian views (position 0) whose concatenation is
   * the whole tensor, {@code rows * rowBytes} bytes (for copying weights to a device).
   */
  public List<ByteBuffer> segments() {
    List<ByteBuffer> out = new ArrayList<>(segments.length);
    for (ByteBuffer b : segments) {
      out.add(b.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }
    return out;
  }

  /** Decodes row {@code row} into {@code out[off .. off + cols)}. */
  public void dequantizeRow(int row, float[] out, int off) {
    Objects.checkFromIndexSize(off, cols, out.length);
    Blocks.dequantize(type, data(row), rowOffset(row), cols, out, off);
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
