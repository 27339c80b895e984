package dev.incognito.protocol.bhttp;

import java.util.List;
import java.util.Objects;

/**
 * An informational (1xx) response preceding the final response, RFC 9292 §3.5.1: its status code
 * and its header section.
 *
 * @param status 100..199
 * @param headers header fields, at most {@link BinaryHttp#MAX_FIELDS} lines and {@link
 *     BinaryHttp#MAX_FIELD_SECTION_BYTES} encoded
 */
public record InformationalResponse(int status, List<Field> headers) {

  public InformationalResponse {
    if (status < 100 || status > 199) {
      throw new IllegalArgumentException("informational status " + status + " is outside 100..199");
    }
    headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
    BinaryHttp.checkSection(headers, "informational header section");
  }
}
