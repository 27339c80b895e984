package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.HpkeContext;
import dev.incognito.protocol.hpke.HpkeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads a chunked Encapsulated Response (draft-ietf-ohai-chunked-ohttp §5): the response nonce,
 * then chunks opened in order. A response is complete only once the final chunk, sealed with AAD
 * "final", has opened; a stream that ends earlier is reported as truncated. Not thread-safe.
 */
public final class ChunkedResponseReader {

  /**
   * Longest sealed chunk accepted, bytes; every receiver must accept 2^14 bytes of plaintext
   * (draft-ietf-ohai-chunked-ohttp §3), this accepts more.
   */
  public static final int MAX_CHUNK_BYTES = 1 << 20;

  private final HpkeContext hpke;
  private final byte[] enc;
  private final InputStream in;
  private ResponseKeys keys;
  private long counter;
  private boolean complete;

  ChunkedResponseReader(HpkeContext hpke, byte[] enc, InputStream in) {
    this.hpke = hpke;
    this.enc = enc;
    this.in = Objects.requireNonNull(in, "in");
  }

  /**
   * The next chunk's plaintext, or {@code null} once the final chunk has been returned.
   *
   * @throws MalformedMessageException when the stream is truncated (including before the final
   *     chunk), a chunk does not open in this position (tampered, reordered, dropped or marked
   *     final wrongly), or a non-final chunk is empty (§6)
   * @throws MessageTooLargeException when a chunk exceeds {@link #MAX_CHUNK_BYTES}
   * @throws IOException when reading the stream fails
   */
  public byte[] readChunk() throws IOException, OhttpException {
    if (complete) {
      return null;
    }
    if (keys == null) {
      int nonceLength = ResponseKeys.entropyLength(hpke.suite());
      byte[] responseNonce = in.readNBytes(nonceLength);
      if (responseNonce.length != nonceLength) {
        throw new MalformedMessageException("chunked response truncated inside the response nonce");
      }
      keys = ResponseKeys.derive(hpke, Header.CHUNKED_RESPONSE_LABEL, enc, responseNonce);
    }
    Chunks.Sealed sealed = Chunks.read(in, MAX_CHUNK_BYTES);
    byte[] plaintext;
    try {
      plaintext =
          keys.aead.open(
              keys.chunkNonce(counter),
              sealed.isFinal() ? Chunks.FINAL_AAD : Chunks.EMPTY,
              sealed.bytes());
    } catch (HpkeException e) {
      throw new MalformedMessageException("response chunk " + counter + " did not authenticate");
    }
    if (!sealed.isFinal() && plaintext.length == 0) {
      throw new MalformedMessageException("empty non-final response chunk " + counter);
    }
    counter++;
    complete = sealed.isFinal();
    return plaintext;
  }

  /** Whether the final chunk has been read and authenticated. */
  public boolean isComplete() {
    return complete;
  }
}
