package dev.incognito.protocol.bhttp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A response message as Binary HTTP carries it (RFC 9292 §3.5): informational (1xx) responses, the
 * final status code, header section, content and trailer section.
 *
 * <p>Valid by construction: the final status is 200..599 (RFC 9292 §3.5); at most {@link
 * BinaryHttp#MAX_INFORMATIONAL_RESPONSES} informational responses; each field section holds at most
 * {@link BinaryHttp#MAX_FIELDS} lines and {@link BinaryHttp#MAX_FIELD_SECTION_BYTES} encoded; the
 * content holds at most {@link BinaryHttp#MAX_RESPONSE_CONTENT_BYTES}. Lists and content are copied
 * in and out.
 *
 * <p>{@link #toString()} shows no field values and no content.
 */
public record BinaryResponse(
    List<InformationalResponse> informational,
    int status,
    List<Field> headers,
    byte[] content,
    List<Field> trailers) {

  public BinaryResponse {
    informational = List.copyOf(Objects.requireNonNull(informational, "informational"));
    if (informational.size() > BinaryHttp.MAX_INFORMATIONAL_RESPONSES) {
      throw new IllegalArgumentException(
          "informational response count "
              + informational.size()
              + " exceeds MAX_INFORMATIONAL_RESPONSES "
              + BinaryHttp.MAX_INFORMATIONAL_RESPONSES);
    }
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("final status " + status + " is outside 200..599");
    }
    headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
    trailers = List.copyOf(Objects.requireNonNull(trailers, "trailers"));
    BinaryHttp.checkSection(headers, "header section");
    BinaryHttp.checkSection(trailers, "trailer section");
    content = Objects.requireNonNull(content, "content").clone();
    if (content.length > BinaryHttp.MAX_RESPONSE_CONTENT_BYTES) {
      throw new IllegalArgumentException(
          "response content length "
              + content.length
              + " exceeds MAX_RESPONSE_CONTENT_BYTES "
              + BinaryHttp.MAX_RESPONSE_CONTENT_BYTES);
    }
  }

  /** A final response with no informational responses and no trailers. */
  public static BinaryResponse of(int status, List<Field> headers, byte[] content) {
    return new BinaryResponse(List.of(), status, headers, content, List.of());
  }

  /**
   * A final response carrying {@code body}, with a {@code content-type} field first, then {@code
   * headers}.
   */
  public static BinaryResponse withBody(
      int status, String contentType, byte[] body, Field... headers) {
    List<Field> all = new ArrayList<>(headers.length + 1);
    all.add(new Field("content-type", contentType));
    all.addAll(List.of(headers));
    return of(status, all, body);
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
    return o instanceof BinaryResponse r
        && informational.equals(r.informational)
        && status == r.status
        && headers.equals(r.headers)
        && Arrays.equals(content, r.content)
        && trailers.equals(r.trailers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(informational, status, headers, Arrays.hashCode(content), trailers);
  }

  @Override
  public String toString() {
    return "BinaryResponse[informational="
        + informational
        + ", status="
        + status
        + ", headers="
        + headers
        + ", content="
        + content.length
        + " bytes, trailers="
        + trailers
        + "]";
  }
}
