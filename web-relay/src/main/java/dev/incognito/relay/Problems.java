package dev.incognito.relay;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** RFC 9457 problem details written by the relay itself (never for a gateway's answer). */
final class Problems {

  private Problems() {}

  static byte[] body(int status, String title, String detail) {
    return Json.createObjectBuilder()
        .add("type", "about:blank")
        .add("title", title)
        .add("status", status)
        .add("detail", detail)
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  static void send(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    byte[] body = body(status, title, detail);
    response.setStatus(status);
    response.setContentType(MediaTypes.PROBLEM);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
