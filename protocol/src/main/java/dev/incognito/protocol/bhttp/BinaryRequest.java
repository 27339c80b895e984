package dev.incognito.protocol.bhttp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request message as Binary HTTP carries it (RFC 9292 §3.4): control data (method, scheme,
 * authority, path), header section, content and trailer section.
 *
 * <p>Valid by construction: the method is a token (RFC 9110 §9.1); the scheme is empty or an RFC
 * 3986 §3.1 scheme; authority and path are visible ASCII (0x21..0x7E), possibly empty (RFC 9292
 * §3.4 encodes an absent {@code :authority} as empty); all four together take at most {@link
 * BinaryHttp#MAX_CONTROL_DATA_BYTES}; each field section holds at most {@link
 * BinaryHttp#MAX_FIELDS} lines and {@link BinaryHttp#MAX_FIELD_SECTION_BYTES} encoded; the content
 * holds at most {@link BinaryHttp#MAX_REQUEST_CONTENT_BYTES}. Lists and content are copied in and
 * out.
 *
 * <p>{@link #toString()} shows no field values and no content.
 */
public record BinaryRequest(
    String method,
    String scheme,
    String authority,
    String path,
    List<Field> headers,
    byte[] content,
    List<Field> trailers) {

  /** Scheme the convenience factories use. */
  public static final String DEFAULT_SCHEME = "https";

  public BinaryRequest {
    checkControlData(method, scheme, authority, path);
    headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
    trailers = List.copyOf(Objects.requireNonNull(trailers, "trailers"));
    BinaryHttp.checkSection(headers, "header section");
    BinaryHttp.checkSection(trailers, "trailer section");
    content = Objects.requireNonNull(content, "content").clone();
    if (content.length > BinaryHttp.MAX_REQUEST_CONTENT_BYTES) {
      throw new IllegalArgumentException(
          "request content length "
              + content.length
              + " exceeds MAX_REQUEST_CONTENT_BYTES "
              + BinaryHttp.MAX_REQUEST_CONTENT_BYTES);
    }
  }

  /**
   * {@code GET} of {@code path} with scheme {@value #DEFAULT_SCHEME}, empty authority, no content.
   */
  public static BinaryRequest get(String path, Field... headers) {
    return new BinaryRequest(
        "GET", DEFAULT_SCHEME, "", path, List.of(headers), new byte[0], List.of());
  }

  /**
   * {@code POST} of {@code body} to {@code path} with scheme {@value #DEFAULT_SCHEME}, empty
   * authority, a {@code content-type} field first, then {@code headers}.
   */
  public static BinaryRequest post(String path, String contentType, byte[] body, Field... headers) {
    List<Field> all = new ArrayList<>(headers.length + 1);
    all.add(new Field("content-type", contentType));
    all.addAll(List.of(headers));
    return new BinaryRequest("POST", DEFAULT_SCHEME, "", path, all, body, List.of());
  }

  /** A copy of the content. */
  @Override
  public byte[] content() {
    return content.clone();
  }

  /** Content length, bytes. */
  public int contentLength() {
    return content.length;
  }

  /** The first header field named {@code name} (matched case-insensitively), if any. */
  public Optional<String> header(String name) {
    return BinaryHttp.first(headers, name);
  }

  /** Every header field value named {@code name} (matched case-insensitively), in order. */
  public List<String> headerValues(String name) {
    return BinaryHttp.all(headers, name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinaryRequest r
        && method.equals(r.method)
        && scheme.equals(r.scheme)
        && authority.equals(r.authority)
        && path.equals(r.path)
        && headers.equals(r.headers)
        && Arrays.equals(content, r.content)
        && trailers.equals(r.trailers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        method, scheme, authority, path, headers, Arrays.hashCode(content), trailers);
  }

  @Override
  public String toString() {
    return "BinaryRequest["
        + method
        + " "
        + scheme
        + "://"
        + authority
        + path
        + ", headers="
        + headers
        + ", content="
        + content.length
        + " bytes, trailers="
        + trailers
        + "]";
  }

  /** Rejects control data this record cannot hold; see the class comment. */
  static void checkControlData(String method, String scheme, String authority, String path) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(path, "path");
    checkMethod(method);
    checkScheme(scheme);
    checkVisibleAscii(authority, "authority");
    checkVisibleAscii(path, "path");
    long control = (long) method.length() + scheme.length() + authority.length() + path.length();
    if (control > BinaryHttp.MAX_CONTROL_DATA_BYTES) {
      throw new IllegalArgumentException(
          "request control data length "
              + control
              + " exceeds MAX_CONTROL_DATA_BYTES "
              + BinaryHttp.MAX_CONTROL_DATA_BYTES);
    }
  }

  private static void checkMethod(String method) {
    if (method.isEmpty()) {
      throw new IllegalArgumentException("method is empty");
    }
    for (int i = 0; i < method.length(); i++) {
      if (!Field.isTchar(method.charAt(i))) {
        throw new IllegalArgumentException(
            "method has character 0x"
                + Integer.toHexString(method.charAt(i))
                + " at index "
                + i
                + ", which is not a token character (RFC 9110 §9.1)");
      }
    }
  }

  private static void checkScheme(String scheme) {
    for (int i = 0; i < scheme.length(); i++) {
      char c = scheme.charAt(i);
      boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      boolean ok = alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
      if (!ok) {
        throw new IllegalArgumentException(
            "scheme has character 0x"
                + Integer.toHexString(c)
                + " at index "
                + i
                + " (RFC 3986 §3.1)");
      }
    }
  }

  private static void checkVisibleAscii(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        throw new IllegalArgumentException(
            what
                + " has character 0x"
                + Integer.toHexString(c)
                + " at index "
                + i
                + "; only visible ASCII is allowed");
      }
    }
  }
}
