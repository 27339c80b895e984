package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.HpkeException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the chunks of a chunked Encapsulated Request (draft-ietf-ohai-chunked-ohttp §4, §6.1),
 * each sealed with the request's HPKE context, and flushes after each call. The request is complete
 * only after {@link #finish(byte[])}. Not thread-safe.
 */
public final class ChunkedRequestWriter {

  /**
   * Largest plaintext sealed into one chunk, bytes: the 2^14 every receiver must accept
   * (draft-ietf-ohai-chunked-ohttp §3). Longer data is split.
   */
  public static final int MAX_CHUNK_PLAINTEXT = Chunks.MAX_CHUNK_PLAINTEXT;

  private final ClientContext context;
  private final OutputStream out;
  private boolean finished;

  ChunkedRequestWriter(ClientContext context, OutputStream out) {
    this.context = context;
    this.out = out;
  }

  /**
   * Seals and writes {@code data} as non-final chunks of at most {@link #MAX_CHUNK_PLAINTEXT} bytes
   * each; empty data writes nothing.
   */
  public void writeChunk(byte[] data) throws IOException, OhttpException {
    checkOpen();
    int off = 0;
    while (off < data.length) {
      int n = Math.min(Chunks.MAX_CHUNK_PLAINTEXT, data.length - off);
      seal(data, off, n, false);
      off += n;
    }
    out.flush();
  }

  /**
   * Seals and writes {@code last} as the end of the request: bytes beyond {@link
   * #MAX_CHUNK_PLAINTEXT} as non-final chunks, then the final chunk (AAD "final"). A whole request
   * sent in one call is the non-interactive form the draft recommends (§7.2). The stream is
   * flushed, not closed.
   */
  public void finish(byte[] last) throws IOException, OhttpException {
    checkOpen();
    int off = 0;
    while (last.length - off > Chunks.MAX_CHUNK_PLAINTEXT) {
      seal(last, off, Chunks.MAX_CHUNK_PLAINTEXT, false);
      off += Chunks.MAX_CHUNK_PLAINTEXT;
    }
    seal(last, off, last.length - off, true);
    finished = true;
    out.flush();
  }

  /** The context that opens the gateway's chunked response. */
  public ClientContext context() {
    return context;
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("chunked request already finished");
    }
  }

  private void seal(byte[] data, int off, int len, boolean isFinal)
      throws IOException, OhttpException {
    byte[] sealed;
    try {
      sealed = context.hpke().seal(isFinal ? Chunks.FINAL_AAD : Chunks.EMPTY, data, off, len);
    } catch (HpkeException e) {
      throw new OhttpException("request chunk could not be sealed", e);
    }
    Chunks.write(out, sealed, isFinal);
  }
}
