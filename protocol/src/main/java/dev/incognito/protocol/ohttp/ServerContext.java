package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.HpkeException;
import dev.incognito.protocol.hpke.RecipientContext;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * The gateway's side of one exchange: the decapsulated request and the one response to it (RFC 9458
 * §4.4, or chunked per draft-ietf-ohai-chunked-ohttp §6.2). Not thread-safe.
 */
public final class ServerContext {

  private final RecipientContext hpke;
  private final byte[] enc;
  private final int keyId;
  private final byte[] request; // null for a chunked request
  private final SecureRandom random;
  private boolean responded;

  ServerContext(RecipientContext hpke, byte[] enc, int keyId, byte[] request, SecureRandom random) {
    this.hpke = hpke;
    this.enc = enc;
    this.keyId = keyId;
    this.request = request;
    this.random = random;
  }

  /** The key id the request used. */
  public int keyId() {
    return keyId;
  }

  /**
   * The decapsulated request, a Binary HTTP message; the array is the caller's (not copied), to be
   * cleared when done.
   *
   * @throws IllegalStateException for a chunked request, whose chunks come from its reader
   */
  public byte[] request() {
    if (request == null) {
      throw new IllegalStateException("a chunked request is read chunk by chunk");
    }
    return request;
  }

  /**
   * Encapsulates the response (RFC 9458 §4.4): {@code response_nonce || Seal(aead_key, aead_nonce,
   * "", response)} with a fresh response_nonce of max(Nn, Nk) bytes.
   *
   * @throws IllegalStateException when a response was already made for this request
   */
  public byte[] sealResponse(byte[] response) {
    byte[] responseNonce = startResponse();
    ResponseKeys keys = ResponseKeys.derive(hpke, Header.RESPONSE_LABEL, enc, responseNonce);
    byte[] ct = keys.aead.seal(keys.nonce, Chunks.EMPTY, response);
    byte[] out = new byte[responseNonce.length + ct.length];
    System.arraycopy(responseNonce, 0, out, 0, responseNonce.length);
    System.arraycopy(ct, 0, out, responseNonce.length, ct.length);
    return out;
  }

  /**
   * Starts a chunked Encapsulated Response ({@link MediaTypes#OHTTP_CHUNKED_RESPONSE}) on {@code
   * out}: writes the response nonce now, chunks as they are given.
   *
   * <p>The draft requires this form in answer to a chunked request (§3) and defines it with that
   * pairing in mind; answering a non-chunked request with it works the same way but is an agreement
   * between this client and gateway, not the draft's.
   *
   * @throws IllegalStateException when a response was already made for this request
   */
  public ChunkedResponseWriter chunkedResponse(OutputStream out) throws IOException {
    byte[] responseNonce = startResponse();
    ResponseKeys keys =
        ResponseKeys.derive(hpke, Header.CHUNKED_RESPONSE_LABEL, enc, responseNonce);
    out.write(responseNonce);
    return new ChunkedResponseWriter(keys, out);
  }

  private byte[] startResponse() {
    if (responded) {
      throw new IllegalStateException("one response per request");
    }
    responded = true;
    byte[] responseNonce = new byte[ResponseKeys.entropyLength(hpke.suite())];
    random.nextBytes(responseNonce);
    return responseNonce;
  }

  /** Opens one request chunk in order: for {@link ChunkedRequestReader}. */
  byte[] openChunk(byte[] sealed, boolean isFinal) throws HpkeException {
    return hpke.open(isFinal ? Chunks.FINAL_AAD : Chunks.EMPTY, sealed);
  }
}
