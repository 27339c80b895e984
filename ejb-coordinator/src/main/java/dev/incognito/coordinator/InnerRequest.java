package dev.incognito.coordinator;

import java.util.Objects;

/**
 * The decapsulated inner request as the coordinator sees it: method, path, and the two header
 * values it uses. The gateway has already checked the Privacy Pass token; {@code :scheme} and
 * {@code :authority} are ignored (ARCHITECTURE.md, pinned item 3).
 *
 * @param method the request method, upper case
 * @param path the request path, query string allowed (ignored)
 * @param contentType the {@code Content-Type} value, or null
 * @param body the request content; owned by the caller, who wipes it when the request ends
 */
public record InnerRequest(String method, String path, String contentType, byte[] body) {

  public InnerRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
  }

  /** The path without its query string. */
  public String route() {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  @Override
  public String toString() {
    return "InnerRequest[" + method + " " + route() + ", " + body.length + " bytes]";
  }
}
