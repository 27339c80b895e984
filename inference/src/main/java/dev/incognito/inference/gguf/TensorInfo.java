package dev.incognito.inference.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a GGUF file.
 *
 * @param name the tensor name, e.g. {@code blk.0.attn_q.weight}
 * @param type the element type
 * @param dims the shape in ggml order: {@code dims[0]} (ne0) varies fastest, so a matrix of {@code
 *     rows x cols} has {@code dims = {cols, rows}}; 1 to {@value GgufFile#MAX_DIMS} entries, each
 *     positive
 * @param offset the absolute byte offset of the tensor data in the file
 * @param byteSize the bytes the tensor data takes
 */
public record TensorInfo(String name, GgmlType type, long[] dims, long offset, long byteSize) {

  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    dims = dims.clone();
    if (dims.length < 1 || dims.length > GgufFile.MAX_DIMS) {
      throw new IllegalArgumentException("tensor " + name + ": " + dims.length + " dimensions");
    }
    long n = 1;
    for (long d : dims) {
      if (d <= 0) {
        throw new IllegalArgumentException("tensor " + name + ": dimension " + d);
      }
      n = Math.multiplyExact(n, d);
    }
    if (type.byteSize(n) != byteSize || dims[0] % type.blockSize() != 0) {
      throw new IllegalArgumentException("tensor " + name + ": size does not match shape");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("tensor " + name + ": negative offset");
    }
  }

  /** The shape in ggml order (a copy). */
  @Override
  public long[] dims() {
    return dims.clone();
  }

  /** {@code dims[i]}, or 1 beyond the stored dimensions. */
  public long dim(int i) {
    return i < dims.length ? dims[i] : 1;
  }

  /** Number of dimensions stored. */
  public int nDims() {
    return dims.length;
  }

  /** Total elements. */
  public long elementCount() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** Rows: the product of all dimensions after ne0. */
  public long rows() {
    return elementCount() / dims[0];
  }

  /** Bytes of one row of ne0 elements. */
  public long rowBytes() {
    return type.byteSize(dims[0]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && type == t.type
        && Arrays.equals(dims, t.dims)
        && offset == t.offset
        && byteSize == t.byteSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, Arrays.hashCode(dims), offset, byteSize);
  }

  @Override
  public String toString() {
    return "TensorInfo["
        + name
        + ", "
        + type
        + ", dims="
        + Arrays.toString(dims)
        + ", offset="
        + offset
        + ", bytes="
        + byteSize
        + "]";
  }
}
