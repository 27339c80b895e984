package dev.incognito.client.chat;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * Reads what a peer said went wrong: RFC 9457 problem details ({@code title}, {@code detail}) or
 * the OpenAI-compatible {@code {"error": {"message"}}} body. Only short, printable text comes out.
 */
public final class Problems {

  /** Longest error text shown, characters. */
  public static final int MAX_DETAIL_CHARS = 300;

  private Problems() {}

  /** The detail of an error body, or a note of its size when it says nothing readable. */
  public static String detail(byte[] body, HttpHeaders headers) {
    String type = headers == null ? "" : headers.firstValue("content-type").orElse("");
    return detail(body, type);
  }

  /** The detail of an error body with the given content type. */
  public static String detail(byte[] body, String contentType) {
    if (body == null || body.length == 0) {
      return "no detail given";
    }
    if (body.length <= 64 * 1024) {
      try (var reader =
          Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
        JsonObject o = reader.readObject();
        String text = errorText(o);
        if (text != null) {
          return clip(text);
        }
      } catch (JsonException | ClassCastException e) {
        // not JSON: fall through
      }
    }
    if (contentType != null && contentType.startsWith("text/plain") && body.length < 1024) {
      return clip(new String(body, StandardCharsets.UTF_8).strip());
    }
    return body.length + " bytes of " + (contentType == null ? "content" : contentType);
  }

  /** {@code error.message}, or {@code detail}, or {@code title} of a JSON error body. */
  public static String errorText(JsonObject o) {
    JsonValue error = o.get("error");
    if (error instanceof JsonObject e && e.get("message") instanceof jakarta.json.JsonString m) {
      return m.getString();
    }
    if (o.get("detail") instanceof jakarta.json.JsonString d) {
      return d.getString();
    }
    if (o.get("title") instanceof jakarta.json.JsonString t) {
      return t.getString();
    }
    return null;
  }

  /** The RFC 9457 {@code type} member, or empty. */
  public static String problemType(byte[] body) {
    if (body == null || body.length == 0 || body.length > 64 * 1024) {
      return "";
    }
    try (var reader =
        Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
      return reader.readObject().getString("type", "");
    } catch (JsonException | ClassCastException e) {
      return "";
    }
  }

  private static String clip(String s) {
    String oneLine = s.replaceAll("[\\p{Cntrl}]+", " ").strip();
    return oneLine.length() <= MAX_DETAIL_CHARS
        ? oneLine
        : oneLine.substring(0, MAX_DETAIL_CHARS) + "…";
  }
}
