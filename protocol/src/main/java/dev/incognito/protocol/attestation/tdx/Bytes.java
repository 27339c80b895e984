package dev.incognito.protocol.attestation.tdx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A bounds-checked little-endian reader over untrusted quote bytes. */
final class Bytes {

  private final byte[] b;
  private int pos;
  private final int end;

  Bytes(byte[] b, int from, int end) {
    this.b = b;
    this.pos = from;
    this.end = end;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return end - pos;
  }

  byte[] take(int n, String what) throws TdxVerificationException {
    need(n, what);
    byte[] out = Arrays.copyOfRange(b, pos, pos + n);
    pos += n;
    return out;
  }

  int u16(String what) throws TdxVerificationException {
    need(2, what);
    int v = ByteBuffer.wrap(b, pos, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
    pos += 2;
    return v;
  }

  long u32(String what) throws TdxVerificationException {
    need(4, what);
    long v = ByteBuffer.wrap(b, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    pos += 4;
    return v;
  }

  private void need(int n, String what) throws TdxVerificationException {
    if (n < 0 || n > end - pos) {
      throw new TdxVerificationException("quote truncated in " + what);
    }
  }

  static int u16(byte[] b, int off) {
    return ByteBuffer.wrap(b, off, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
  }

  static long u32(byte[] b, int off) {
    return ByteBuffer.wrap(b, off, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
  }
}
