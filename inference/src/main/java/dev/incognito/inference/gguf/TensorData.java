package dev.incognito.inference.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes of one tensor, read-only and little-endian, backed by the file's memory mappings.
 *
 * <p>A tensor of at most {@value GgufFile#MAX_WINDOW_BYTES} bytes lies in one buffer ({@link
 * #buffer()}). A larger one is split into segments of whole rows ({@link #segment(int)}), so a row
 * never spans two buffers. Every accessor returns a fresh view with position 0 that the caller may
 * move freely.
 */
public final class TensorData {

  private final TensorInfo info;
  private final ByteBuffer[] segments; // read-only, position 0, whole rows each
  private final long rowsPerSegment;

  TensorData(TensorInfo info, ByteBuffer[] segments, long rowsPerSegment) {
    this.info = info;
    this.segments = segments;
    this.rowsPerSegment = rowsPerSegment;
  }

  /** The tensor this data belongs to. */
  public TensorInfo info() {
    return info;
  }

  /** The tensor's size in bytes. */
  public long byteSize() {
    return info.byteSize();
  }

  /** Number of buffers the tensor is split into: 1 unless it exceeds one mapping window. */
  public int segmentCount() {
    return segments.length;
  }

  /** Rows held by every segment but possibly the last. */
  public long rowsPerSegment() {
    return rowsPerSegment;
  }

  /** Segment {@code i}: rows {@code [i * rowsPerSegment(), ...)}, read-only, little-endian. */
  public ByteBuffer segment(int i) {
    return le(segments[i].duplicate());
  }

  /**
   * The whole tensor as one read-only little-endian buffer.
   *
   * @throws IllegalStateException if the tensor spans more than one segment
   */
  public ByteBuffer buffer() {
    if (segments.length != 1) {
      throw new IllegalStateException(
          "tensor " + info.name() + " spans " + segments.length + " segments; use segment(i)");
    }
    return segment(0);
  }

  /**
   * Row {@code r} (ne0 elements, {@link TensorInfo#rowBytes()} bytes), read-only, little-endian.
   */
  public ByteBuffer row(long r) {
    if (r < 0 || r >= info.rows()) {
      throw new IndexOutOfBoundsException("row " + r + " of " + info.rows());
    }
    int s = (int) (r / rowsPerSegment);
    int rowBytes = (int) info.rowBytes();
    int at = (int) ((r - s * rowsPerSegment) * rowBytes);
    return le(segments[s].slice(at, rowBytes));
  }

  private static ByteBuffer le(ByteBuffer b) {
    return b.order(ByteOrder.LITTLE_ENDIAN);
  }
}
