package dev.incognito.gateway;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** RFC 9457 problem details for errors answered before decryption. */
final class Problems {

  static final String TYPE = "application/problem+json";

  private Problems() {}

  static byte[] body(String type, int status, String title, String detail) {
    return Json.createObjectBuilder()
        .add("type", type)
        .add("title", title)
        .add("status", status)
        .add("detail", detail)
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  static void send(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    send(response, "about:blank", status, title, detail);
  }

  static void send(
      HttpServletResponse response, String type, int status, String title, String detail)
      throws IOException {
    byte[] body = body(type, status, title, detail);
    response.setStatus(status);
    response.setContentType(TYPE);
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
