package dev.incognito.protocol.bhttp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Binary HTTP codec, RFC 9292: encodes requests and responses in the known-length form (framing
 * indicators 0 and 1, §3.1) and the indeterminate-length form (2 and 3, §3.2), and decodes both.
 *
 * <p>Decoding follows the project's pinned rules: a message may be truncated at any section
 * boundary after the control data (RFC 9292 §3.8, as RFC 9458 Appendix A does), and missing
 * sections count as empty; a message truncated anywhere else is invalid. Padding (§3.8) must be
 * zero bytes; a non-zero padding byte makes the message invalid. Integers may use any encoding
 * length (§3). Every length and count read from a message is checked against a named cap below
 * before anything is allocated for it.
 *
 * <p>Encoding writes every section (no truncation) and the shortest integer encodings; content in
 * the indeterminate-length form is one chunk. Add padding with {@link Padding}.
 *
 * <p>For streamed responses see {@link IndeterminateResponseWriter} and {@link
 * IncrementalResponseDecoder}.
 */
public final class BinaryHttp {

  /** Media type of a Binary HTTP message, RFC 9292 §6. */
  public static final String MEDIA_TYPE = "message/bhttp";

  /** Framing indicator of a known-length request, RFC 9292 §3.3. */
  public static final int KNOWN_LENGTH_REQUEST = 0;

  /** Framing indicator of a known-length response, RFC 9292 §3.3. */
  public static final int KNOWN_LENGTH_RESPONSE = 1;

  /** Framing indicator of an indeterminate-length request, RFC 9292 §3.3. */
  public static final int INDETERMINATE_LENGTH_REQUEST = 2;

  /** Framing indicator of an indeterminate-length response, RFC 9292 §3.3. */
  public static final int INDETERMINATE_LENGTH_RESPONSE = 3;

  /** Most bytes of request control data: method, scheme, authority and path together, bytes. */
  public static final int MAX_CONTROL_DATA_BYTES = 8 * 1024;

  /**
   * Most bytes of one encoded field section (header, trailer or informational), counting the field
   * lines with their length prefixes but not the section's own length prefix or terminator.
   */
  public static final int MAX_FIELD_SECTION_BYTES = 64 * 1024;

  /** Most field lines in one field section. */
  public static final int MAX_FIELDS = 256;

  /** Most informational (1xx) responses before the final response. */
  public static final int MAX_INFORMATIONAL_RESPONSES = 8;

  /**
   * Most content bytes in a request: 1 MiB. A chat completion request (conversation as JSON) fits
   * easily; anything larger is refused before it is buffered.
   */
  public static final int MAX_REQUEST_CONTENT_BYTES = 1024 * 1024;

  /**
   * Most content bytes in a response: 16 MiB. Model answers are far smaller; the headroom covers
   * model listings and long streamed answers.
   */
  public static final int MAX_RESPONSE_CONTENT_BYTES = 16 * 1024 * 1024;

  private BinaryHttp() {}

  // ---------------------------------------------------------------------------------------------
  // Encoding

  /** Known-length encoding of a request, RFC 9292 §3.1 (framing indicator 0), untruncated. */
  public static byte[] encode(BinaryRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + request.contentLength());
    varint(out, KNOWN_LENGTH_REQUEST);
    requestControlData(out, request);
    knownLengthSection(out, request.headers());
    byte[] content = request.content();
    varint(out, content.length);
    out.writeBytes(content);
    knownLengthSection(out, request.trailers());
    return out.toByteArray();
  }

  /**
   * Indeterminate-length encoding of a request, RFC 9292 §3.2 (framing indicator 2); the content,
   * if any, is one chunk.
   */
  public static byte[] encodeIndeterminate(BinaryRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + request.contentLength());
    varint(out, INDETERMINATE_LENGTH_REQUEST);
    requestControlData(out, request);
    indeterminateLengthSection(out, request.headers());
    chunk(out, request.content(), 0, request.contentLength());
    varint(out, 0);
    indeterminateLengthSection(out, request.trailers());
    return out.toByteArray();
  }

  /** Known-length encoding of a response, RFC 9292 §3.1 (framing indicator 1), untruncated. */
  public static byte[] encode(BinaryResponse response) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + response.contentLength());
    varint(out, KNOWN_LENGTH_RESPONSE);
    for (InformationalResponse info : response.informational()) {
      varint(out, info.status());
      knownLengthSection(out, info.headers());
    }
    varint(out, response.status());
    knownLengthSection(out, response.headers());
    byte[] content = response.content();
    varint(out, content.length);
    out.writeBytes(content);
    knownLengthSection(out, response.trailers());
    return out.toByteArray();
  }

  /**
   * Indeterminate-length encoding of a response, RFC 9292 §3.2 (framing indicator 3); the content,
   * if any, is one chunk. To stream a response use {@link IndeterminateResponseWriter}.
   */
  public static byte[] encodeIndeterminate(BinaryResponse response) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + response.contentLength());
    varint(out, INDETERMINATE_LENGTH_RESPONSE);
    for (InformationalResponse info : response.informational()) {
      varint(out, info.status());
      indeterminateLengthSection(out, info.headers());
    }
    varint(out, response.status());
    indeterminateLengthSection(out, response.headers());
    chunk(out, response.content(), 0, response.contentLength());
    varint(out, 0);
    indeterminateLengthSection(out, response.trailers());
    return out.toByteArray();
  }

  // ---------------------------------------------------------------------------------------------
  // Decoding

  /**
   * Decodes a request in either form, with content capped at {@link #MAX_REQUEST_CONTENT_BYTES}.
   *
   * @throws BinaryHttpException if the message is invalid (RFC 9292 §4), is a response, or exceeds
   *     a cap ({@link BinaryHttpLimitException})
   */
  public static BinaryRequest decodeRequest(byte[] message) throws BinaryHttpException {
    return decodeRequest(message, MAX_REQUEST_CONTENT_BYTES);
  }

  /**
   * Decodes a request in either form, with content capped at {@code maxContentBytes}.
   *
   * @param maxContentBytes 0..{@link #MAX_REQUEST_CONTENT_BYTES}
   */
  public static BinaryRequest decodeRequest(byte[] message, int maxContentBytes)
      throws BinaryHttpException {
    checkCap(maxContentBytes, MAX_REQUEST_CONTENT_BYTES, "MAX_REQUEST_CONTENT_BYTES");
    MessageParser parser = new MessageParser(true, maxContentBytes);
    parser.feed(message, 0, message.length, null);
    parser.finish();
    return parser.request();
  }

  /**
   * Decodes a response in either form, with content capped at {@link #MAX_RESPONSE_CONTENT_BYTES}.
   *
   * @throws BinaryHttpException if the message is invalid (RFC 9292 §4), is a request, or exceeds a
   *     cap ({@link BinaryHttpLimitException})
   */
  public static BinaryResponse decodeResponse(byte[] message) throws BinaryHttpException {
    return decodeResponse(message, MAX_RESPONSE_CONTENT_BYTES);
  }

  /**
   * Decodes a response in either form, with content capped at {@code maxContentBytes}.
   *
   * @param maxContentBytes 0..{@link #MAX_RESPONSE_CONTENT_BYTES}
   */
  public static BinaryResponse decodeResponse(byte[] message, int maxContentBytes)
      throws BinaryHttpException {
    checkCap(maxContentBytes, MAX_RESPONSE_CONTENT_BYTES, "MAX_RESPONSE_CONTENT_BYTES");
    MessageParser parser = new MessageParser(false, maxContentBytes);
    parser.feed(message, 0, message.length, null);
    parser.finish();
    return parser.response();
  }

  // ---------------------------------------------------------------------------------------------
  // Shared with the records and the streaming classes

  static void checkCap(int value, int cap, String capName) {
    if (value < 0 || value > cap) {
      throw new IllegalArgumentException(
          "content cap " + value + " is outside 0.." + capName + " " + cap);
    }
  }

  /** Rejects a field section over {@link #MAX_FIELDS} or {@link #MAX_FIELD_SECTION_BYTES}. */
  static void checkSection(List<Field> fields, String what) {
    if (fields.size() > MAX_FIELDS) {
      throw new IllegalArgumentException(
          what + " field count " + fields.size() + " exceeds MAX_FIELDS " + MAX_FIELDS);
    }
    long bytes = sectionLength(fields);
    if (bytes > MAX_FIELD_SECTION_BYTES) {
      throw new IllegalArgumentException(
          what
              + " length "
              + bytes
              + " exceeds MAX_FIELD_SECTION_BYTES "
              + MAX_FIELD_SECTION_BYTES);
    }
  }

  static long sectionLength(List<Field> fields) {
    long bytes = 0;
    for (Field f : fields) {
      bytes += f.encodedLength();
    }
    return bytes;
  }

  static Optional<String> first(List<Field> fields, String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Field f : fields) {
      if (f.name().equals(n)) {
        return Optional.of(f.value());
      }
    }
    return Optional.empty();
  }

  static List<String> all(List<Field> fields, String name) {
    String n = name.toLowerCase(Locale.ROOT);
    List<String> values = new ArrayList<>();
    for (Field f : fields) {
      if (f.name().equals(n)) {
        values.add(f.value());
      }
    }
    return List.copyOf(values);
  }

  static void varint(ByteArrayOutputStream out, long value) {
    byte[] tmp = new byte[QuicVarint.MAX_ENCODED_BYTES];
    out.write(tmp, 0, QuicVarint.write(value, tmp, 0));
  }

  private static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
    varint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void requestControlData(ByteArrayOutputStream out, BinaryRequest r) {
    lengthPrefixed(out, r.method().getBytes(StandardCharsets.US_ASCII));
    lengthPrefixed(out, r.scheme().getBytes(StandardCharsets.US_ASCII));
    lengthPrefixed(out, r.authority().getBytes(StandardCharsets.US_ASCII));
    lengthPrefixed(out, r.path().getBytes(StandardCharsets.US_ASCII));
  }

  private static void fieldLines(ByteArrayOutputStream out, List<Field> fields) {
    for (Field f : fields) {
      lengthPrefixed(out, f.nameBytes());
      lengthPrefixed(out, f.valueBytes());
    }
  }

  /** Known-Length Field Section, RFC 9292 §3.1. */
  static void knownLengthSection(ByteArrayOutputStream out, List<Field> fields) {
    varint(out, sectionLength(fields));
    fieldLines(out, fields);
  }

  /** Indeterminate-Length Field Section, RFC 9292 §3.2: field lines, then a zero. */
  static void indeterminateLengthSection(ByteArrayOutputStream out, List<Field> fields) {
    fieldLines(out, fields);
    varint(out, 0);
  }

  /** Indeterminate-Length Content Chunk, RFC 9292 §3.2; nothing for an empty chunk. */
  static void chunk(ByteArrayOutputStream out, byte[] bytes, int offset, int length) {
    if (length > 0) {
      varint(out, length);
      out.write(bytes, offset, length);
    }
  }
}
