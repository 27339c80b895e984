package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.Aead;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the chunks of a chunked Encapsulated Response (draft-ietf-ohai-chunked-ohttp §6.2), each
 * sealed under the response key with {@code aead_nonce XOR counter}, and flushes after each. The
 * client treats the response as complete only after {@link #finish(byte[])}; a writer abandoned
 * without it leaves a response the client reports as truncated. Not thread-safe.
 */
public final class ChunkedResponseWriter {

  /** Longest plaintext chunk accepted, bytes: a sealed chunk fits the client's chunk cap. */
  public static final int MAX_CHUNK_PLAINTEXT =
      ChunkedResponseReader.MAX_CHUNK_BYTES - Aead.TAG_LENGTH;

  private final ResponseKeys keys;
  private final OutputStream out;
  private long counter;
  private boolean finished;

  ChunkedResponseWriter(ResponseKeys keys, OutputStream out) {
    this.keys = keys;
    this.out = out;
  }

  /** Seals and writes a non-final chunk (AAD empty). */
  public void writeChunk(byte[] chunk) throws IOException {
    write(chunk, false);
  }

  /** Seals and writes the final chunk (AAD "final"); the stream is not closed. */
  public void finish(byte[] last) throws IOException {
    write(last, true);
    finished = true;
  }

  /** Whether the final chunk has been written. */
  public boolean isFinished() {
    return finished;
  }

  private void write(byte[] chunk, boolean isFinal) throws IOException {
    if (finished) {
      throw new IllegalStateException("chunked response already finished");
    }
    if (chunk.length > MAX_CHUNK_PLAINTEXT) {
      throw new IllegalArgumentException("chunk longer than " + MAX_CHUNK_PLAINTEXT + " bytes");
    }
    if (counter == Long.MAX_VALUE) {
      throw new IllegalStateException("chunk limit reached");
    }
    byte[] sealed =
        keys.aead.seal(keys.chunkNonce(counter), isFinal ? Chunks.FINAL_AAD : Chunks.EMPTY, chunk);
    counter++;
    Chunks.write(out, sealed, isFinal);
  }
}
