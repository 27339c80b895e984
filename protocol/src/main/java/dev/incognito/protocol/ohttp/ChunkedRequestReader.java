package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.HpkeException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the chunks of a chunked Encapsulated Request (draft-ietf-ohai-chunked-ohttp §6.1) in order.
 * The request is complete only once the final chunk, sealed with AAD "final", has opened; a stream
 * that ends earlier is reported as truncated. Not thread-safe.
 */
public final class ChunkedRequestReader {

  /**
   * Longest sealed chunk accepted, bytes; every receiver must accept 2^14 bytes of plaintext
   * (draft-ietf-ohai-chunked-ohttp §3), this accepts more.
   */
  public static final int MAX_CHUNK_BYTES = 1 << 20;

  private final ServerContext context;
  private final InputStream in;
  private long index;
  private boolean complete;

  ChunkedRequestReader(ServerContext context, InputStream in) {
    this.context = context;
    this.in = in;
  }

  /**
   * The next chunk's plaintext, or {@code null} once the final chunk has been returned.
   *
   * @throws MalformedMessageException when the stream is truncated, a chunk does not open in this
   *     position, or a non-final chunk is empty (§6)
   * @throws MessageTooLargeException when a chunk exceeds {@link #MAX_CHUNK_BYTES}
   */
  public byte[] readChunk() throws IOException, OhttpException {
    if (complete) {
      return null;
    }
    Chunks.Sealed sealed = Chunks.read(in, MAX_CHUNK_BYTES);
    byte[] plaintext;
    try {
      plaintext = context.openChunk(sealed.bytes(), sealed.isFinal());
    } catch (HpkeException e) {
      throw new MalformedMessageException("request chunk " + index + " did not authenticate");
    }
    if (!sealed.isFinal() && plaintext.length == 0) {
      throw new MalformedMessageException("empty non-final request chunk " + index);
    }
    index++;
    complete = sealed.isFinal();
    return plaintext;
  }

  /** Whether the final chunk has been read and authenticated. */
  public boolean isComplete() {
    return complete;
  }

  /** The context that answers this request; respond chunked, as the client expects. */
  public ServerContext context() {
    return context;
  }
}
