package dev.incognito.protocol.ohttp;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the chunks of a chunked Encapsulated Response (draft-ietf-ohai-chunked-ohttp §5, §6.2),
 * each sealed under the response key with {@code aead_nonce XOR counter}, and flushes after each
 * call. The client treats the response as complete only after {@link #finish(byte[])}; a writer
 * abandoned without it leaves a response the client reports as truncated. Not thread-safe.
 */
public final class ChunkedResponseWriter {

  /**
   * Largest plaintext sealed into one chunk, bytes: the 2^14 every receiver must accept
   * (draft-ietf-ohai-chunked-ohttp §3). Longer data is split.
   */
  public static final int MAX_CHUNK_PLAINTEXT = Chunks.MAX_CHUNK_PLAINTEXT;

  private final ResponseKeys keys;
  private final OutputStream out;
  private long counter;
  private boolean finished;

  ChunkedResponseWriter(ResponseKeys keys, OutputStream out) {
    this.keys = keys;
    this.out = out;
  }

  /**
   * Seals and writes {@code data} as non-final chunks (AAD empty) of at most {@link
   * #MAX_CHUNK_PLAINTEXT} bytes each; empty data writes nothing, as a non-final chunk must not be
   * empty (§6).
   */
  public void writeChunk(byte[] data) throws IOException {
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
   * Seals and writes {@code last} as the end of the response: any bytes beyond {@link
   * #MAX_CHUNK_PLAINTEXT} as non-final chunks, then the final chunk (AAD "final"), which may be
   * empty. The stream is flushed, not closed.
   */
  public void finish(byte[] last) throws IOException {
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

  /** Whether the final chunk has been written. */
  public boolean isFinished() {
    return finished;
  }

  private void checkOpen() {
    if (finished) {
      throw new IllegalStateException("chunked response already finished");
    }
  }

  private void seal(byte[] data, int off, int len, boolean isFinal) throws IOException {
    if (counter == Long.MAX_VALUE) {
      throw new IllegalStateException("chunk limit reached");
    }
    byte[] sealed =
        keys.aead.seal(
            keys.chunkNonce(counter), isFinal ? Chunks.FINAL_AAD : Chunks.EMPTY, data, off, len);
    counter++;
    Chunks.write(out, sealed, isFinal);
  }
}
