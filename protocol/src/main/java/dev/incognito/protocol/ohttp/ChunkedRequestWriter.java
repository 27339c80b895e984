package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.Aead;
import dev.incognito.protocol.hpke.HpkeException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the chunks of a chunked Encapsulated Request (draft-ietf-ohai-chunked-ohttp §6.1), each
 * sealed with the request's HPKE context, and flushes after each. The request is complete only
 * after {@link #finish(byte[])}. Not thread-safe.
 */
public final class ChunkedRequestWriter {

  /** Longest plaintext chunk accepted, bytes: a sealed chunk fits the gateway's chunk cap. */
  public static final int MAX_CHUNK_PLAINTEXT =
      ChunkedRequestReader.MAX_CHUNK_BYTES - Aead.TAG_LENGTH;

  private final ClientContext context;
  private final OutputStream out;
  private boolean finished;

  ChunkedRequestWriter(ClientContext context, OutputStream out) {
    this.context = context;
    this.out = out;
  }

  /** Seals and writes a non-final chunk. */
  public void writeChunk(byte[] chunk) throws IOException, OhttpException {
    write(chunk, false);
  }

  /** Seals and writes the final chunk (AAD "final"); the stream is not closed. */
  public void finish(byte[] last) throws IOException, OhttpException {
    write(last, true);
    finished = true;
  }

  /** The context that opens the gateway's response. */
  public ClientContext context() {
    return context;
  }

  private void write(byte[] chunk, boolean isFinal) throws IOException, OhttpException {
    if (finished) {
      throw new IllegalStateException("chunked request already finished");
    }
    if (chunk.length > MAX_CHUNK_PLAINTEXT) {
      throw new IllegalArgumentException("chunk longer than " + MAX_CHUNK_PLAINTEXT + " bytes");
    }
    byte[] sealed;
    try {
      sealed = context.hpke().seal(isFinal ? Chunks.FINAL_AAD : Chunks.EMPTY, chunk);
    } catch (HpkeException e) {
      throw new OhttpException("request chunk could not be sealed", e);
    }
    Chunks.write(out, sealed, isFinal);
  }
}
