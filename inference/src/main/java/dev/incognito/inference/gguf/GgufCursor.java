package dev.incognito.inference.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/** Sequential little-endian reads of a GGUF header through a small buffer; never reads past EOF. */
final class GgufCursor {

  private static final int BUFFER_BYTES = 1 << 16;

  private final FileChannel channel;
  private final long size;
  private final String file;
  private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private long bufStart; // file position of buf[0]

  GgufCursor(FileChannel channel, long size, String file) {
    this.channel = channel;
    this.size = size;
    this.file = file;
    buf.limit(0);
  }

  /** Current file position. */
  long position() {
    return bufStart + buf.position();
  }

  /** Bytes left before EOF. */
  long remaining() {
    return size - position();
  }

  private void need(int n, String what) throws GgufFormatException {
    if (buf.remaining() >= n) {
      return;
    }
    if (remaining() < n) {
      throw new GgufFormatException(
          file + ": truncated at byte " + position() + " while reading " + what);
    }
    long pos = position();
    buf.clear();
    bufStart = pos;
    try {
      while (buf.position() < n) {
        int r = channel.read(buf, pos + buf.position());
        if (r < 0) {
          throw new GgufFormatException(file + ": unexpected end of file reading " + what);
        }
      }
    } catch (IOException e) {
      throw new GgufFormatException(file + ": cannot read: " + e.getMessage(), e);
    }
    buf.flip();
  }

  int u8(String what) throws GgufFormatException {
    need(1, what);
    return buf.get() & 0xff;
  }

  int u16(String what) throws GgufFormatException {
    need(2, what);
    return buf.getShort() & 0xffff;
  }

  int i32(String what) throws GgufFormatException {
    need(4, what);
    return buf.getInt();
  }

  long i64(String what) throws GgufFormatException {
    need(8, what);
    return buf.getLong();
  }

  /**
   * Reads {@code n} bytes; the caller has checked {@code n} against its cap and {@link #remaining}.
   */
  byte[] bytes(int n, String what) throws GgufFormatException {
    if (n > remaining()) {
      throw new GgufFormatException(
          file + ": truncated at byte " + position() + " while reading " + what);
    }
    byte[] out = new byte[n];
    int done = 0;
    while (done < n) {
      if (!buf.hasRemaining()) {
        need(Math.min(BUFFER_BYTES, n - done), what);
      }
      int k = Math.min(buf.remaining(), n - done);
      buf.get(out, done, k);
      done += k;
    }
    return out;
  }
}
