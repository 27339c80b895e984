package dev.incognito.protocol.ohttp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Chunk framing of chunked Oblivious HTTP (draft-ietf-ohai-chunked-ohttp §4, §5): each non-final
 * chunk is {@code Length (i) = 1.., sealed chunk}; the final chunk is {@code Length (i) = 0} and
 * its sealed bytes run to the end of the stream. The final chunk is sealed with AAD "final".
 */
final class Chunks {

  /** The AAD of the final chunk. */
  static final byte[] FINAL_AAD = "final".getBytes(StandardCharsets.US_ASCII);

  static final byte[] EMPTY = new byte[0];

  /**
   * Largest plaintext in one chunk that writers produce, bytes: the 2^14 that every receiver must
   * accept (§3).
   */
  static final int MAX_CHUNK_PLAINTEXT = 1 << 14;

  private Chunks() {}

  /** One sealed chunk as read from the stream. */
  record Sealed(boolean isFinal, byte[] bytes) {}

  /** Writes one sealed chunk with its length prefix (0 for the final chunk); does not flush. */
  static void write(OutputStream out, byte[] sealed, boolean isFinal) throws IOException {
    Varints.write(out, isFinal ? 0 : sealed.length);
    out.write(sealed);
  }

  /**
   * Reads the next sealed chunk.
   *
   * @param maxBytes cap on one sealed chunk, bytes
   * @throws MalformedMessageException when the stream ends at a chunk boundary (no final chunk) or
   *     inside a chunk
   * @throws MessageTooLargeException when a chunk is longer than {@code maxBytes}
   */
  static Sealed read(InputStream in, int maxBytes) throws IOException, OhttpException {
    long length;
    try {
      length = Varints.read(in);
    } catch (EOFException e) {
      throw new MalformedMessageException("chunk stream truncated inside a chunk length");
    }
    if (length < 0) {
      throw new MalformedMessageException("chunk stream truncated: it ended without a final chunk");
    }
    if (length == 0) {
      byte[] last = in.readNBytes(maxBytes + 1);
      if (last.length > maxBytes) {
        throw new MessageTooLargeException("final chunk longer than " + maxBytes + " bytes");
      }
      return new Sealed(true, last);
    }
    if (length > maxBytes) {
      throw new MessageTooLargeException("chunk longer than " + maxBytes + " bytes");
    }
    byte[] chunk = in.readNBytes((int) length);
    if (chunk.length != length) {
      throw new MalformedMessageException("chunk stream truncated inside a chunk");
    }
    return new Sealed(false, chunk);
  }
}
