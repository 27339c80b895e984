package dev.incognito.protocol.bhttp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Variable-length integers per RFC 9000 §16: the two most significant bits of the first byte give
 * the length (1, 2, 4 or 8 bytes), the rest is the value in network byte order, so values run from
 * 0 to 2^62-1.
 *
 * <p>Writing always uses the shortest encoding. Reading accepts any encoding length, because RFC
 * 9292 §3 says integer values "do not need to be encoded on the minimum number of bytes".
 */
public final class QuicVarint {

  /** Largest encodable value, 2^62-1. */
  public static final long MAX_VALUE = (1L << 62) - 1;

  /** Longest encoding, bytes. */
  public static final int MAX_ENCODED_BYTES = 8;

  private QuicVarint() {}

  /** Bytes the shortest encoding of {@code value} takes: 1, 2, 4 or 8. */
  public static int encodedLength(long value) {
    if (value < 0 || value > MAX_VALUE) {
      throw new IllegalArgumentException("varint value " + value + " is outside 0..2^62-1");
    }
    if (value <= 0x3F) {
      return 1;
    }
    if (value <= 0x3FFF) {
      return 2;
    }
    if (value <= 0x3FFF_FFFFL) {
      return 4;
    }
    return 8;
  }

  /** Bytes an encoding takes, from its first byte (RFC 9000 §16, Table 4). */
  public static int lengthFromFirstByte(byte first) {
    return 1 << ((first & 0xFF) >>> 6);
  }

  /** The shortest encoding of {@code value}. */
  public static byte[] encode(long value) {
    byte[] out = new byte[encodedLength(value)];
    write(value, out, 0);
    return out;
  }

  /**
   * Writes the shortest encoding of {@code value} at {@code offset}.
   *
   * @return bytes written
   */
  public static int write(long value, byte[] dst, int offset) {
    int n = encodedLength(value);
    long prefixed = value | ((long) Integer.numberOfTrailingZeros(n) << (8 * n - 2));
    for (int i = n - 1; i >= 0; i--) {
      dst[offset + i] = (byte) prefixed;
      prefixed >>>= 8;
    }
    return n;
  }

  /** Writes the shortest encoding of {@code value} at the buffer's position. */
  public static void write(long value, ByteBuffer dst) {
    byte[] tmp = new byte[MAX_ENCODED_BYTES];
    dst.put(tmp, 0, write(value, tmp, 0));
  }

  /** Writes the shortest encoding of {@code value} to {@code out}. */
  public static void write(long value, OutputStream out) throws IOException {
    byte[] tmp = new byte[MAX_ENCODED_BYTES];
    out.write(tmp, 0, write(value, tmp, 0));
  }

  /**
   * Reads one integer at the buffer's position, in any encoding length. On failure the position is
   * unchanged.
   *
   * @throws BinaryHttpException if the buffer ends inside the integer
   */
  public static long read(ByteBuffer src) throws BinaryHttpException {
    if (!src.hasRemaining()) {
      throw new BinaryHttpException("variable-length integer expected at end of input");
    }
    int p = src.position();
    int n = lengthFromFirstByte(src.get(p));
    if (src.remaining() < n) {
      throw new BinaryHttpException(
          "variable-length integer of " + n + " bytes truncated to " + src.remaining());
    }
    long v = src.get(p) & 0x3F;
    for (int i = 1; i < n; i++) {
      v = (v << 8) | (src.get(p + i) & 0xFF);
    }
    src.position(p + n);
    return v;
  }

  /**
   * Reads one integer and checks it against a cap. On failure the position is unchanged.
   *
   * @param what the quantity, for the message (e.g. {@code "content length"})
   * @param limitName the cap's name, for the message
   * @throws BinaryHttpLimitException if the value exceeds {@code max}
   */
  public static long read(ByteBuffer src, long max, String what, String limitName)
      throws BinaryHttpException {
    int p = src.position();
    long v = read(src);
    if (v > max) {
      src.position(p);
      throw new BinaryHttpLimitException(what, v, limitName, max);
    }
    return v;
  }

  /**
   * Decodes one integer from {@code src[offset..]}, which must hold the whole encoding ({@link
   * #lengthFromFirstByte} bytes).
   */
  static long decode(byte[] src, int offset) {
    int n = lengthFromFirstByte(src[offset]);
    long v = src[offset] & 0x3F;
    for (int i = 1; i < n; i++) {
      v = (v << 8) | (src[offset + i] & 0xFF);
    }
    return v;
  }
}
