package dev.incognito.coordinator.chat;

import jakarta.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * An inner API error: its HTTP status and the OpenAI-compatible body {@code {"error": {"message",
 * "type", "code"}}}. The message says what was wrong with the request and never repeats its
 * content.
 */
public final class ApiError extends Exception {

  private static final long serialVersionUID = 1L;

  /** The {@code type} of errors caused by the request. */
  public static final String INVALID_REQUEST = "invalid_request_error";

  private final int status;
  private final String type;
  private final String code;

  public ApiError(int status, String type, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
  }

  /** A 400 for a request that does not follow the API. */
  public static ApiError invalid(String code, String message) {
    return new ApiError(400, INVALID_REQUEST, code, message);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String code() {
    return code;
  }

  /** The response body, UTF-8 JSON. */
  public byte[] body() {
    return Json.createObjectBuilder()
        .add(
            "error",
            Json.createObjectBuilder()
                .add("message", getMessage())
                .add("type", type)
                .add("code", code))
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }
}
