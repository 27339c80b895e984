package dev.incognito.protocol.bhttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * Writes an indeterminate-length response (RFC 9292 §3.2, framing indicator 3) as it is produced,
 * so a gateway can stream an answer: {@link #informational} responses (optional), then {@link
 * #head} (final status and header section), then any number of {@link #content} chunks, then {@link
 * #finish} (content terminator and trailer section). Each call hands exactly one piece to the sink,
 * ready to be sealed as one chunk of a chunked OHTTP response; the framing indicator travels in the
 * first piece.
 *
 * <p>Calls out of this order throw {@link IllegalStateException}. Field sections are capped as in
 * {@link BinaryResponse}; content in total is capped at {@link
 * BinaryHttp#MAX_RESPONSE_CONTENT_BYTES}, so a conforming reader of this package accepts the whole
 * stream. Not thread-safe.
 */
public final class IndeterminateResponseWriter {

  /** Receives each encoded piece of the response, in order. */
  @FunctionalInterface
  public interface PieceSink {
    void accept(byte[] piece) throws IOException;
  }

  private enum State {
    START,
    INFORMATIONAL,
    CONTENT,
    FINISHED
  }

  private final PieceSink sink;
  private State state = State.START;
  private int informationalCount;
  private long contentBytes;

  /** A writer handing each piece to {@code sink}. */
  public IndeterminateResponseWriter(PieceSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** A writer that writes each piece to {@code out} and flushes it. */
  public static IndeterminateResponseWriter to(OutputStream out) {
    Objects.requireNonNull(out, "out");
    return new IndeterminateResponseWriter(
        piece -> {
          out.write(piece);
          out.flush();
        });
  }

  /** Writes an informational (1xx) response; only before {@link #head}. */
  public void informational(InformationalResponse response) throws IOException {
    Objects.requireNonNull(response, "response");
    if (state != State.START && state != State.INFORMATIONAL) {
      throw new IllegalStateException("informational responses precede the final response");
    }
    if (informationalCount == BinaryHttp.MAX_INFORMATIONAL_RESPONSES) {
      throw new IllegalStateException(
          "more than MAX_INFORMATIONAL_RESPONSES " + BinaryHttp.MAX_INFORMATIONAL_RESPONSES);
    }
    ByteArrayOutputStream out = start();
    BinaryHttp.varint(out, response.status());
    BinaryHttp.indeterminateLengthSection(out, response.headers());
    informationalCount++;
    state = State.INFORMATIONAL;
    sink.accept(out.toByteArray());
  }

  /**
   * Writes the final response control data and header section.
   *
   * @param status 200..599
   */
  public void head(int status, List<Field> headers) throws IOException {
    if (state != State.START && state != State.INFORMATIONAL) {
      throw new IllegalStateException("head already written");
    }
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("final status " + status + " is outside 200..599");
    }
    List<Field> copy = List.copyOf(headers);
    BinaryHttp.checkSection(copy, "header section");
    ByteArrayOutputStream out = start();
    BinaryHttp.varint(out, status);
    BinaryHttp.indeterminateLengthSection(out, copy);
    state = State.CONTENT;
    sink.accept(out.toByteArray());
  }

  /** Writes {@code bytes} as one content chunk; an empty array writes nothing. */
  public void content(byte[] bytes) throws IOException {
    content(bytes, 0, bytes.length);
  }

  /** Writes {@code bytes[offset..offset+length)} as one content chunk; nothing if empty. */
  public void content(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (state != State.CONTENT) {
      throw new IllegalStateException("content goes after head and before finish");
    }
    if (length == 0) {
      return;
    }
    if (contentBytes + length > BinaryHttp.MAX_RESPONSE_CONTENT_BYTES) {
      throw new IllegalStateException(
          "response content length "
              + (contentBytes + length)
              + " would exceed MAX_RESPONSE_CONTENT_BYTES "
              + BinaryHttp.MAX_RESPONSE_CONTENT_BYTES);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 8);
    BinaryHttp.chunk(out, bytes, offset, length);
    contentBytes += length;
    sink.accept(out.toByteArray());
  }

  /** Ends the content and writes an empty trailer section. */
  public void finish() throws IOException {
    finish(List.of());
  }

  /** Ends the content and writes {@code trailers} as the trailer section. */
  public void finish(List<Field> trailers) throws IOException {
    if (state != State.CONTENT) {
      throw new IllegalStateException("finish goes after head, once");
    }
    List<Field> copy = List.copyOf(trailers);
    BinaryHttp.checkSection(copy, "trailer section");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryHttp.varint(out, 0);
    BinaryHttp.indeterminateLengthSection(out, copy);
    state = State.FINISHED;
    sink.accept(out.toByteArray());
  }

  /** A buffer that starts with the framing indicator if nothing was written yet. */
  private ByteArrayOutputStream start() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (state == State.START) {
      BinaryHttp.varint(out, BinaryHttp.INDETERMINATE_LENGTH_RESPONSE);
    }
    return out;
  }
}
