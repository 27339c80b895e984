package dev.incognito.protocol.bhttp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Incremental Binary HTTP parser (RFC 9292) for one request or one response, in either form. Takes
 * the message in pieces of any size; streams content out as it arrives and buffers only an
 * incomplete unit (an integer, the request control data, or one field section, each capped).
 *
 * <p>Truncation rule (project-pinned, RFC 9292 §3.8, RFC 9458 Appendix A): {@link #finish()}
 * accepts a message that ends after the final control data, after the header section, after the
 * content, or after the trailer section, and rejects one that ends anywhere else.
 */
final class MessageParser {

  private enum Phase {
    FRAMING,
    CONTROL,
    INFORMATIONAL_HEADERS,
    HEADERS,
    CONTENT_START,
    CONTENT_BODY,
    CHUNK_NEXT,
    TRAILERS,
    PADDING,
    DONE,
    FAILED
  }

  /**
   * Thrown inside a step when the input ends before the unit does; {@link #underflowEnd} says where
   * the unit would need the input to reach.
   */
  private static final class Underflow extends Exception {
    private static final long serialVersionUID = 1L;

    Underflow() {
      super(null, null, false, false);
    }
  }

  private static final Underflow UNDERFLOW = new Underflow();

  /** A pending buffer grown past this (by one large piece) is shrunk once it empties, bytes. */
  private static final int SHRINK_PENDING_ABOVE = 4 * BinaryHttp.MAX_FIELD_SECTION_BYTES;

  private final boolean request;
  private final int maxContentBytes;
  private final String contentCapName;

  private Phase phase = Phase.FRAMING;
  private boolean knownLength;
  private boolean headComplete;

  // Unconsumed input kept between feeds: pend[0..pendLen).
  private byte[] pend = new byte[64];
  private int pendLen;
  // Bytes of unconsumed input the next attempt needs before it can make progress.
  private int needed;

  // The view being parsed: buf[pos..lim).
  private byte[] buf;
  private int pos;
  private int lim;
  private int stepStart;
  private int underflowEnd;
  // While parsing a known-length field section: its name, and running past lim is malformed.
  private String boundedSection;
  // The indeterminate-length field section being parsed, line by line; null between sections.
  private List<Field> partial;
  private long partialBytes;

  // Bytes of the message consumed by completed steps (for offsets in messages).
  private long consumed;

  private String method = "";
  private String scheme = "";
  private String authority = "";
  private String path = "";
  private int status;
  private int informationalStatus;
  private final List<InformationalResponse> informational = new ArrayList<>();
  private List<Field> headers = List.of();
  private List<Field> trailers = List.of();
  private final ByteArrayOutputStream content = new ByteArrayOutputStream();
  private long contentBytes;
  private long bodyRemaining;

  /**
   * @param request whether a request (framing 0 or 2) or a response (1 or 3) is expected
   * @param maxContentBytes content cap, bytes, at most the direction's MAX_*_CONTENT_BYTES
   */
  MessageParser(boolean request, int maxContentBytes) {
    this.request = request;
    this.maxContentBytes = maxContentBytes;
    int cap =
        request ? BinaryHttp.MAX_REQUEST_CONTENT_BYTES : BinaryHttp.MAX_RESPONSE_CONTENT_BYTES;
    this.contentCapName =
        maxContentBytes == cap
            ? (request ? "MAX_REQUEST_CONTENT_BYTES" : "MAX_RESPONSE_CONTENT_BYTES")
            : "the content cap";
  }

  /**
   * Parses {@code b[off..off+len)} as the next bytes of the message.
   *
   * @param delta receives the content bytes this piece completed, or null
   */
  void feed(byte[] b, int off, int len, ByteArrayOutputStream delta) throws BinaryHttpException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (phase == Phase.FAILED) {
      throw new BinaryHttpException("message was already found invalid");
    }
    if (phase == Phase.DONE) {
      throw new IllegalStateException("message already finished");
    }
    try {
      if (pendLen == 0) {
        buf = b;
        pos = off;
        lim = off + len;
      } else {
        ensurePending(pendLen + len);
        System.arraycopy(b, off, pend, pendLen, len);
        pendLen += len;
        buf = pend;
        pos = 0;
        lim = pendLen;
      }
      if (lim - pos >= needed) {
        run(delta);
      }
      int rest = lim - pos;
      if (buf == pend) {
        System.arraycopy(pend, pos, pend, 0, rest);
      } else {
        ensurePending(rest);
        System.arraycopy(buf, pos, pend, 0, rest);
      }
      pendLen = rest;
      if (pend.length > SHRINK_PENDING_ABOVE && rest <= SHRINK_PENDING_ABOVE / 2) {
        pend = Arrays.copyOf(pend, SHRINK_PENDING_ABOVE / 2);
      }
    } catch (BinaryHttpException e) {
      phase = Phase.FAILED;
      pendLen = 0;
      throw e;
    } finally {
      buf = null;
    }
  }

  /** Declares the end of the message; checks it ended at an allowed point (RFC 9292 §3.8). */
  void finish() throws BinaryHttpException {
    if (phase == Phase.FAILED) {
      throw new BinaryHttpException("message was already found invalid");
    }
    if (phase == Phase.DONE) {
      return;
    }
    boolean boundary =
        pendLen == 0
            && partial == null
            && (phase == Phase.HEADERS
                || phase == Phase.CONTENT_START
                || phase == Phase.TRAILERS
                || phase == Phase.PADDING);
    if (!boundary) {
      String where = truncationPoint();
      phase = Phase.FAILED;
      throw new BinaryHttpException(
          "message is truncated " + where + " (RFC 9292 §3.8 allows only section boundaries)");
    }
    phase = Phase.DONE;
    headComplete = true;
  }

  /** The request, once {@link #finish()} succeeded. */
  BinaryRequest request() {
    if (phase != Phase.DONE || !request) {
      throw new IllegalStateException("no finished request");
    }
    // Every part was validated and capped as it was parsed.
    return new BinaryRequest(
        method, scheme, authority, path, headers, content.toByteArray(), trailers);
  }

  /** The response, once {@link #finish()} succeeded. */
  BinaryResponse response() {
    if (phase != Phase.DONE || request) {
      throw new IllegalStateException("no finished response");
    }
    // Every part was validated and capped as it was parsed.
    return new BinaryResponse(informational, status, headers, content.toByteArray(), trailers);
  }

  /** Whether the final control data and the header section are known. */
  boolean headComplete() {
    return headComplete;
  }

  int status() {
    return status;
  }

  List<Field> headers() {
    return headers;
  }

  List<InformationalResponse> informational() {
    return List.copyOf(informational);
  }

  // ---------------------------------------------------------------------------------------------

  private void run(ByteArrayOutputStream delta) throws BinaryHttpException {
    while (true) {
      stepStart = pos;
      try {
        boolean progressed = step(delta);
        consumed += pos - stepStart;
        needed = 0;
        if (!progressed) {
          return;
        }
      } catch (Underflow u) {
        pos = stepStart;
        needed = underflowEnd - stepStart;
        return;
      }
    }
  }

  /** Parses one unit; false when no more progress is possible with the bytes at hand. */
  private boolean step(ByteArrayOutputStream delta) throws BinaryHttpException, Underflow {
    switch (phase) {
      case FRAMING:
        framing(varint());
        phase = Phase.CONTROL;
        return true;
      case CONTROL:
        if (request) {
          requestControlData();
          phase = Phase.HEADERS;
        } else {
          responseControlData(varint());
        }
        return true;
      case INFORMATIONAL_HEADERS:
        {
          if (pos == lim) {
            return false;
          }
          List<Field> fields = section("informational header section");
          if (fields != null) {
            informational.add(new InformationalResponse(informationalStatus, fields));
            phase = Phase.CONTROL;
          }
          return true;
        }
      case HEADERS:
        {
          if (pos == lim) {
            return false;
          }
          List<Field> fields = section("header section");
          if (fields != null) {
            headers = fields;
            headComplete = true;
            phase = Phase.CONTENT_START;
          }
          return true;
        }
      case CONTENT_START:
      case CHUNK_NEXT:
        if (pos == lim) {
          return false;
        }
        contentLength(varint());
        return true;
      case CONTENT_BODY:
        {
          if (pos == lim) {
            return false;
          }
          int n = (int) Math.min(bodyRemaining, lim - pos);
          content.write(buf, pos, n);
          if (delta != null) {
            delta.write(buf, pos, n);
          }
          pos += n;
          bodyRemaining -= n;
          contentBytes += n;
          if (bodyRemaining == 0) {
            phase = knownLength ? Phase.TRAILERS : Phase.CHUNK_NEXT;
          }
          return true;
        }
      case TRAILERS:
        if (pos == lim) {
          return false;
        }
        {
          List<Field> fields = section("trailer section");
          if (fields != null) {
            trailers = fields;
            phase = Phase.PADDING;
          }
          return true;
        }
      case PADDING:
        for (; pos < lim; pos++) {
          if (buf[pos] != 0) {
            throw new BinaryHttpException(
                "padding byte at offset "
                    + (consumed + pos - stepStart)
                    + String.format(Locale.ROOT, " is 0x%02x", buf[pos] & 0xFF)
                    + "; padding must be zeros (RFC 9292 §3.8)");
          }
        }
        return false;
      default:
        throw new IllegalStateException("parser in phase " + phase);
    }
  }

  private void framing(long indicator) throws BinaryHttpException {
    boolean isRequest;
    if (indicator == BinaryHttp.KNOWN_LENGTH_REQUEST
        || indicator == BinaryHttp.INDETERMINATE_LENGTH_REQUEST) {
      isRequest = true;
    } else if (indicator == BinaryHttp.KNOWN_LENGTH_RESPONSE
        || indicator == BinaryHttp.INDETERMINATE_LENGTH_RESPONSE) {
      isRequest = false;
    } else {
      throw new BinaryHttpException(
          "framing indicator " + indicator + " is not one of 0..3 (RFC 9292 §3.3)");
    }
    if (isRequest != request) {
      throw new BinaryHttpException(
          "framing indicator "
              + indicator
              + " marks a "
              + (isRequest ? "request" : "response")
              + "; expected a "
              + (request ? "request" : "response"));
    }
    knownLength = indicator < 2;
  }

  /** Request Control Data, RFC 9292 §3.4, validated as {@link BinaryRequest} does. */
  private void requestControlData() throws BinaryHttpException, Underflow {
    String[] parts = new String[4];
    long total = 0;
    for (int i = 0; i < 4; i++) {
      long len = varint();
      total += len;
      if (total > BinaryHttp.MAX_CONTROL_DATA_BYTES) {
        throw new BinaryHttpLimitException(
            "request control data length",
            total,
            "MAX_CONTROL_DATA_BYTES",
            BinaryHttp.MAX_CONTROL_DATA_BYTES);
      }
      parts[i] = new String(bytes((int) len), StandardCharsets.ISO_8859_1);
    }
    try {
      BinaryRequest.checkControlData(parts[0], parts[1], parts[2], parts[3]);
    } catch (IllegalArgumentException e) {
      throw new BinaryHttpException("invalid request control data: " + e.getMessage(), e);
    }
    method = parts[0];
    scheme = parts[1];
    authority = parts[2];
    path = parts[3];
  }

  /** Response control data, RFC 9292 §3.5 and §3.5.1. */
  private void responseControlData(long code) throws BinaryHttpException {
    if (code >= 100 && code <= 199) {
      if (informational.size() == BinaryHttp.MAX_INFORMATIONAL_RESPONSES) {
        throw new BinaryHttpLimitException(
            "informational response count",
            informational.size() + 1L,
            "MAX_INFORMATIONAL_RESPONSES",
            BinaryHttp.MAX_INFORMATIONAL_RESPONSES);
      }
      informationalStatus = (int) code;
      phase = Phase.INFORMATIONAL_HEADERS;
    } else if (code >= 200 && code <= 599) {
      status = (int) code;
      phase = Phase.HEADERS;
    } else {
      throw new BinaryHttpException("status code " + code + " is outside 100..599 (RFC 9292 §3.5)");
    }
  }

  /** A content length (known-length) or chunk length (indeterminate-length), RFC 9292 §3.1-3.2. */
  private void contentLength(long len) throws BinaryHttpException {
    if (len == 0) {
      phase = Phase.TRAILERS;
      return;
    }
    if (contentBytes + len > maxContentBytes) {
      throw new BinaryHttpLimitException(
          "content length", contentBytes + len, contentCapName, maxContentBytes);
    }
    bodyRemaining = len;
    phase = Phase.CONTENT_BODY;
  }

  /**
   * Parses a Known-Length Field Section whole, or one line of an Indeterminate-Length Field Section
   * (RFC 9292 §3.1-3.2 and §3.6), so a section arriving in small pieces is parsed once.
   *
   * @return the section's fields once it is complete, else null
   */
  private List<Field> section(String what) throws BinaryHttpException, Underflow {
    if (!knownLength) {
      if (partial == null) {
        partial = new ArrayList<>();
        partialBytes = 0;
      }
      int lineStart = pos;
      long nameLen = varint();
      if (nameLen == 0) { // the section's terminator
        List<Field> done = partial;
        partial = null;
        return done;
      }
      countField(partial, what);
      partial.add(fieldLine(what, nameLen, lineStart, partialBytes));
      partialBytes += pos - lineStart;
      return null;
    }
    long len = varint();
    if (len > BinaryHttp.MAX_FIELD_SECTION_BYTES) {
      throw new BinaryHttpLimitException(
          what + " length", len, "MAX_FIELD_SECTION_BYTES", BinaryHttp.MAX_FIELD_SECTION_BYTES);
    }
    require((int) len);
    List<Field> fields = new ArrayList<>();
    int outerLim = lim;
    lim = pos + (int) len;
    boundedSection = what;
    try {
      while (pos < lim) {
        int lineStart = pos;
        long nameLen = varint();
        countField(fields, what);
        fields.add(fieldLine(what, nameLen, lineStart, 0));
      }
    } finally {
      lim = outerLim;
      boundedSection = null;
    }
    return fields;
  }

  private static void countField(List<Field> fields, String what) throws BinaryHttpException {
    if (fields.size() == BinaryHttp.MAX_FIELDS) {
      throw new BinaryHttpLimitException(
          what + " field count", fields.size() + 1L, "MAX_FIELDS", BinaryHttp.MAX_FIELDS);
    }
  }

  /**
   * The rest of a Field Line (RFC 9292 §3.6) whose name length was read at {@code lineStart};
   * {@code before} is the section's bytes ahead of this line, for the cap.
   */
  private Field fieldLine(String what, long nameLen, int lineStart, long before)
      throws BinaryHttpException, Underflow {
    if (nameLen == 0) {
      throw new BinaryHttpException(what + " has a field name of length 0 (RFC 9292 §3.6)");
    }
    checkSectionBytes(what, before + (pos - lineStart) + nameLen);
    byte[] name = bytes((int) nameLen);
    long valueLen = varint();
    checkSectionBytes(what, before + (pos - lineStart) + valueLen);
    byte[] value = bytes((int) valueLen);
    try {
      return new Field(
          new String(name, StandardCharsets.ISO_8859_1),
          new String(value, StandardCharsets.ISO_8859_1));
    } catch (IllegalArgumentException e) {
      throw new BinaryHttpException(what + ": " + e.getMessage(), e);
    }
  }

  private static void checkSectionBytes(String what, long bytes) throws BinaryHttpException {
    if (bytes > BinaryHttp.MAX_FIELD_SECTION_BYTES) {
      throw new BinaryHttpLimitException(
          what + " length", bytes, "MAX_FIELD_SECTION_BYTES", BinaryHttp.MAX_FIELD_SECTION_BYTES);
    }
  }

  private String truncationPoint() {
    switch (phase) {
      case FRAMING:
        return pendLen == 0 ? "to nothing" : "inside the framing indicator";
      case CONTROL:
        return request
            ? "inside the request control data"
            : "before the final response control data";
      case INFORMATIONAL_HEADERS:
        return "inside an informational response's header section";
      case HEADERS:
        return "inside the header section";
      case CONTENT_START:
        return "inside the content length";
      case CONTENT_BODY:
        return "inside the content, " + bodyRemaining + " bytes short";
      case CHUNK_NEXT:
        return "inside the content, before its terminator";
      case TRAILERS:
        return "inside the trailer section";
      default:
        return "in phase " + phase;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading primitives over buf[pos..lim)

  private void require(int n) throws BinaryHttpException, Underflow {
    if (n > lim - pos) {
      if (boundedSection != null) {
        throw new BinaryHttpException(
            boundedSection + ": a field line runs past the end of the section");
      }
      underflowEnd = pos + n;
      throw UNDERFLOW;
    }
  }

  private long varint() throws BinaryHttpException, Underflow {
    require(1);
    int n = QuicVarint.lengthFromFirstByte(buf[pos]);
    require(n);
    long v = QuicVarint.decode(buf, pos);
    pos += n;
    return v;
  }

  /** {@code n} bytes; callers cap {@code n} first. */
  private byte[] bytes(int n) throws BinaryHttpException, Underflow {
    require(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  private void ensurePending(int size) {
    if (pend.length < size) {
      byte[] bigger = new byte[Math.max(size, pend.length * 2)];
      System.arraycopy(pend, 0, bigger, 0, pendLen);
      pend = bigger;
    }
  }
}
