package dev.incognito.tlog;

import jakarta.json.Json;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details. */
final class Problems {

  private Problems() {}

  static Response of(int status, String title, String detail) {
    String body =
        Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status)
            .add("detail", detail)
            .build()
            .toString();
    return Response.status(status).type("application/problem+json").entity(body).build();
  }
}
