package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.Aead;
import dev.incognito.protocol.hpke.HpkeException;
import dev.incognito.protocol.hpke.SenderContext;
import java.io.InputStream;

/**
 * The client's side of one Oblivious HTTP exchange (RFC 9458 §4.3, §4.4): the Encapsulated Request
 * to send, and the HPKE context that opens the response. Not thread-safe.
 */
public final class ClientContext {

  private final SenderContext hpke;
  private final byte[] enc;
  private final byte[] encapsulatedRequest; // null for a chunked request

  ClientContext(SenderContext hpke, byte[] enc, byte[] encapsulatedRequest) {
    this.hpke = hpke;
    this.enc = enc;
    this.encapsulatedRequest = encapsulatedRequest;
  }

  /**
   * The Encapsulated Request, {@code hdr || enc || ct}, to send as {@link MediaTypes#OHTTP_REQUEST}
   * (a copy).
   *
   * @throws IllegalStateException for a chunked request, which was written to its stream
   */
  public byte[] encapsulatedRequest() {
    if (encapsulatedRequest == null) {
      throw new IllegalStateException("a chunked request has no single encapsulated form");
    }
    return encapsulatedRequest.clone();
  }

  /**
   * Opens an Encapsulated Response (RFC 9458 §4.4), {@code response_nonce || ct}.
   *
   * @return the response, a Binary HTTP message
   * @throws MalformedMessageException when it is too short or does not authenticate
   */
  public byte[] openResponse(byte[] encapsulatedResponse) throws OhttpException {
    int nonceLength = ResponseKeys.entropyLength(hpke.suite());
    if (encapsulatedResponse.length < nonceLength + Aead.TAG_LENGTH) {
      throw new MalformedMessageException("encapsulated response truncated");
    }
    byte[] responseNonce = new byte[nonceLength];
    System.arraycopy(encapsulatedResponse, 0, responseNonce, 0, nonceLength);
    ResponseKeys keys = ResponseKeys.derive(hpke, Header.RESPONSE_LABEL, enc, responseNonce);
    try {
      return keys.aead.open(
          keys.nonce,
          Chunks.EMPTY,
          encapsulatedResponse,
          nonceLength,
          encapsulatedResponse.length - nonceLength);
    } catch (HpkeException e) {
      throw new MalformedMessageException("encapsulated response did not authenticate");
    }
  }

  /**
   * A reader of a chunked Encapsulated Response ({@link MediaTypes#OHTTP_CHUNKED_RESPONSE}) from
   * {@code in}. Nothing is read until the first {@link ChunkedResponseReader#readChunk()}.
   */
  public ChunkedResponseReader chunkedResponse(InputStream in) {
    return new ChunkedResponseReader(hpke, enc, in);
  }

  SenderContext hpke() {
    return hpke;
  }
}
