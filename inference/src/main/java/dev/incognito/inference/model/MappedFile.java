package dev.incognito.inference.model;

import dev.incognito.inference.cpu.Tensor;
import dev.incognito.inference.cpu.TensorType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A weight file opened read-only, handing out tensors over memory-mapped regions. Every region is
 * checked against the file's size before it is mapped.
 */
final class MappedFile implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final long size;

  private MappedFile(Path path, FileChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  static MappedFile open(Path path) throws ModelFormatException {
    try {
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      return new MappedFile(path, ch, ch.size());
    } catch (IOException e) {
      throw new ModelFormatException(path, "cannot open: " + e.getMessage(), e);
    }
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  /** {@code length} bytes at {@code offset}, mapped, little-endian. */
  ByteBuffer map(long offset, long length) throws ModelFormatException {
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      throw new ModelFormatException(
          path,
          "truncated: "
              + length
              + " bytes at offset "
              + offset
              + " run past the end of the file ("
              + size
              + " bytes)");
    }
    if (length > Tensor.MAX_TENSOR_BYTES) {
      throw new ModelFormatException(path, "a region of " + length + " bytes exceeds one buffer");
    }
    try {
      return channel
          .map(FileChannel.MapMode.READ_ONLY, offset, length)
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new ModelFormatException(path, "cannot map: " + e.getMessage(), e);
    }
  }

  /** Reads {@code length} bytes at {@code offset} onto the heap. */
  ByteBuffer read(long offset, int length) throws ModelFormatException {
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      throw new ModelFormatException(
          path, "truncated: " + length + " bytes at offset " + offset + " past the end");
    }
    ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    try {
      while (buf.hasRemaining()) {
        if (channel.read(buf, offset + buf.position()) < 0) {
          throw new ModelFormatException(path, "truncated while reading");
        }
      }
    } catch (IOException e) {
      throw new ModelFormatException(path, "cannot read: " + e.getMessage(), e);
    }
    return buf.flip();
  }

  /** A {@code rows x cols} tensor of {@code type} at {@code offset}. */
  Tensor tensor(String name, TensorType type, int rows, int cols, long offset)
      throws ModelFormatException {
    long bytes;
    try {
      bytes = Math.multiplyExact(type.bytesFor(cols), (long) rows);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ModelFormatException(path, "tensor " + name + ": " + e.getMessage(), e);
    }
    try {
      return Tensor.of(name, type, rows, cols, map(offset, bytes));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(path, "tensor " + name + ": " + e.getMessage(), e);
    }
  }

  /** {@code n} float32 values at {@code offset}, copied. */
  float[] floats(long offset, int n) throws ModelFormatException {
    float[] out = new float[n];
    read(offset, Math.multiplyExact(n, 4)).asFloatBuffer().get(out);
    return out;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // mapped regions stay valid after the channel closes; nothing to recover
    }
  }
}
