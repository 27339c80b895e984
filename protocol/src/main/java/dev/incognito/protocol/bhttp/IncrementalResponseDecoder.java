package dev.incognito.protocol.bhttp;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Client-side decoder for a response that arrives in pieces (a streamed, chunked OHTTP answer):
 * each {@link #feed} returns the content bytes that piece completed, so tokens can be shown as they
 * come. Accepts both forms (framing indicator 1 or 3) and applies the same rules and caps as {@link
 * BinaryHttp#decodeResponse}: for any split of a message, the concatenated deltas equal that
 * method's content, and {@link #finish()} succeeds or fails as it does.
 *
 * <p>Buffers only an incomplete integer or field section (at most {@link
 * BinaryHttp#MAX_FIELD_SECTION_BYTES} and change) plus the content so far, which {@link #finish()}
 * returns. Not thread-safe. After a {@link BinaryHttpException} every further {@code feed} and
 * {@code finish} fails with one; {@code feed} after a successful {@link #finish()} throws {@link
 * IllegalStateException}.
 */
public final class IncrementalResponseDecoder {

  private final MessageParser parser;

  /** A decoder with content capped at {@link BinaryHttp#MAX_RESPONSE_CONTENT_BYTES}. */
  public IncrementalResponseDecoder() {
    this(BinaryHttp.MAX_RESPONSE_CONTENT_BYTES);
  }

  /**
   * A decoder with content capped at {@code maxContentBytes}.
   *
   * @param maxContentBytes 0..{@link BinaryHttp#MAX_RESPONSE_CONTENT_BYTES}
   */
  public IncrementalResponseDecoder(int maxContentBytes) {
    BinaryHttp.checkCap(
        maxContentBytes, BinaryHttp.MAX_RESPONSE_CONTENT_BYTES, "MAX_RESPONSE_CONTENT_BYTES");
    this.parser = new MessageParser(false, maxContentBytes);
  }

  /**
   * Takes the next piece of the message.
   *
   * @return content bytes this piece completed, possibly none
   * @throws BinaryHttpException if the message is invalid or exceeds a cap
   */
  public byte[] feed(byte[] piece) throws BinaryHttpException {
    return feed(piece, 0, piece.length);
  }

  /** As {@link #feed(byte[])}, for {@code piece[offset..offset+length)}. */
  public byte[] feed(byte[] piece, int offset, int length) throws BinaryHttpException {
    ByteArrayOutputStream delta = new ByteArrayOutputStream();
    parser.feed(piece, offset, length, delta);
    return delta.toByteArray();
  }

  /**
   * Whether the final status and header section have arrived, so {@link #status()} and {@link
   * #headers()} answer.
   */
  public boolean headComplete() {
    return parser.headComplete();
  }

  /** Final status code, 200..599. */
  public int status() {
    requireHead();
    return parser.status();
  }

  /** Header fields of the final response. */
  public List<Field> headers() {
    requireHead();
    return parser.headers();
  }

  /** Informational (1xx) responses received so far. */
  public List<InformationalResponse> informational() {
    return parser.informational();
  }

  /**
   * Declares the end of the message and returns the whole response (its content is every delta
   * returned so far, concatenated).
   *
   * @throws BinaryHttpException if the message ended other than at a section boundary after the
   *     final control data (RFC 9292 §3.8), or was already found invalid
   */
  public BinaryResponse finish() throws BinaryHttpException {
    parser.finish();
    return parser.response();
  }

  private void requireHead() {
    if (!parser.headComplete()) {
      throw new IllegalStateException("the header section has not arrived yet");
    }
  }
}
