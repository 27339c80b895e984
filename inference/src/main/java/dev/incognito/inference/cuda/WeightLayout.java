package dev.incognito.inference.cuda;

import dev.incognito.inference.cpu.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each weight tensor sits in the one device buffer that holds them all, and where an element
 * sits inside a tensor's ggml blocks. Offsets are bytes; every tensor starts at a multiple of
 * {@link #ALIGNMENT} so 16-bit and 32-bit fields stay aligned.
 */
public final class WeightLayout {
  /** Start alignment of every tensor (bytes); cuMemAlloc itself aligns to at least this. */
  public static final int ALIGNMENT = 256;

  private final List<Long> offsets = new ArrayList<>();
  private long size;

  /** Reserves {@code bytes} (> 0) for the next tensor and returns its offset. */
  public long add(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("tensor of " + bytes + " bytes");
    }
    long off = align(size);
    offsets.add(off);
    size = Math.addExact(off, bytes);
    return off;
  }

  /** Offset of the {@code i}-th tensor added. */
  public long offset(int i) {
    return offsets.get(i);
  }

  /** Bytes of the whole buffer (the end of the last tensor). */
  public long size() {
    return size;
  }

  static long align(long n) {
    return Math.addExact(n, ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  /**
   * Byte offset, from the start of a {@code type} tensor of rows of {@code cols} elements, of the
   * block holding element {@code (row, col)}; the kernels in {@code matmul.cu} compute the same.
   */
  public static long blockOffset(TensorType type, int cols, int row, int col) {
    if (col < 0 || col >= cols || row < 0) {
      throw new IndexOutOfBoundsException("element (" + row + ", " + col + ")");
    }
    return row * type.bytesFor(cols) + (long) (col / type.blockSize()) * type.blockBytes();
  }
}
