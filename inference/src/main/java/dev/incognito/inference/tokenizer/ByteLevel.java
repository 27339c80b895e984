package dev.incognito.inference.tokenizer;

/**
 * GPT-2's byte-level alphabet ({@code bytes_to_unicode} in openai/gpt-2 {@code encoder.py}): each
 * byte maps to a printable code point, so any UTF-8 text becomes a string of 256 symbols. Bytes
 * {@code !..~}, {@code ¡..¬}, {@code ®..ÿ} map to themselves; the rest to U+0100 onwards in order.
 */
final class ByteLevel {

  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[512];

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, -1);
    int extra = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      char c = printable ? (char) b : (char) (256 + extra++);
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = b;
    }
  }

  private ByteLevel() {}

  /** Maps UTF-8 bytes to their byte-level symbols. */
  static String encode(byte[] bytes) {
    char[] out = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = BYTE_TO_CHAR[bytes[i] & 0xff];
    }
    return new String(out);
  }

  /** The byte a symbol stands for, or -1 if it is not a byte-level symbol. */
  static int byteOf(char c) {
    return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
  }
}
