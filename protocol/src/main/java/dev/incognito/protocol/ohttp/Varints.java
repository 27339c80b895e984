package dev.incognito.protocol.ohttp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** QUIC variable-length integers (RFC 9000 §16): 1, 2, 4 or 8 bytes, 62-bit values. */
final class Varints {

  static final long MAX = (1L << 62) - 1;

  private Varints() {}

  /** Writes {@code v} in the shortest encoding. */
  static void write(OutputStream out, long v) throws IOException {
    if (v < 0 || v > MAX) {
      throw new IllegalArgumentException("varint out of range: " + v);
    }
    if (v < 0x40) {
      out.write((int) v);
    } else if (v < 0x4000) {
      out.write((int) (0x40 | (v >>> 8)));
      out.write((int) v);
    } else if (v < 0x4000_0000L) {
      out.write((int) (0x80 | (v >>> 24)));
      out.write((int) (v >>> 16));
      out.write((int) (v >>> 8));
      out.write((int) v);
    } else {
      out.write((int) (0xC0 | (v >>> 56)));
      for (int shift = 48; shift >= 0; shift -= 8) {
        out.write((int) (v >>> shift));
      }
    }
  }

  /**
   * Reads one varint.
   *
   * @return the value, or -1 when the stream ends before its first byte
   * @throws EOFException when the stream ends inside the varint
   */
  static long read(InputStream in) throws IOException {
    int first = in.read();
    if (first < 0) {
      return -1;
    }
    int length = 1 << (first >>> 6);
    long v = first & 0x3F;
    for (int i = 1; i < length; i++) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("stream ends inside a varint");
      }
      v = (v << 8) | b;
    }
    return v;
  }
}
