package dev.incognito.inference.engine;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of successive tokens into text. A token may end inside a UTF-8 sequence (byte
 * fallback tokens, byte-level BPE); those bytes wait for the next token. Malformed bytes become
 * U+FFFD, per the maximal-subpart practice of Unicode §3.9. Not thread-safe.
 */
final class Utf8Stream {

  /** Longest UTF-8 sequence: at most this many bytes can be waiting between calls. */
  private static final int MAX_PENDING = 4;

  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private byte[] pending = new byte[0];

  /** Decodes {@code bytes} after what was waiting; returns the complete characters, maybe "". */
  String feed(byte[] bytes) {
    return decode(bytes, false);
  }

  /** Ends the stream: an incomplete sequence still waiting becomes U+FFFD. */
  String finish() {
    return decode(new byte[0], true);
  }

  private String decode(byte[] bytes, boolean end) {
    ByteBuffer in = ByteBuffer.allocate(pending.length + bytes.length);
    in.put(pending).put(bytes).flip();
    CharBuffer out = CharBuffer.allocate(in.remaining() + 2);
    decoder.reset();
    decoder.decode(in, out, end);
    if (end) {
      decoder.flush(out);
    }
    pending = new byte[in.remaining()];
    in.get(pending);
    assert pending.length < MAX_PENDING;
    return out.flip().toString();
  }
}
