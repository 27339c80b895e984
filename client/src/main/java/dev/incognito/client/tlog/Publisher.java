package dev.incognito.client.tlog;

import dev.incognito.protocol.tlog.ReleaseEntry;
import jakarta.json.Json;
import jakarta.json.JsonException;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Appends release entries to a log as a member of its publisher role (HTTP BASIC). */
public final class Publisher {

  private final LogClient log;
  private final String authorization;

  public Publisher(LogClient log, String user, char[] password) {
    this.log = log;
    byte[] credentials = (user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8);
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials);
    java.util.Arrays.fill(credentials, (byte) 0);
  }

  /** Appends one entry and returns its index once the log has made it durable. */
  public long append(ReleaseEntry entry) throws IOException {
    HttpResponse<String> response =
        log.post("add", "application/octet-stream", entry.encode(), authorization);
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new IOException(
          "the log refused the publisher credentials (status " + response.statusCode() + ")");
    }
    if (response.statusCode() != 200) {
      throw new IOException("the log answered " + response.statusCode() + " to an append");
    }
    try {
      return Json.createReader(new StringReader(response.body()))
          .readObject()
          .getJsonNumber("index")
          .longValueExact();
    } catch (JsonException | ClassCastException | NullPointerException | ArithmeticException e) {
      throw new IOException("the log's answer to an append has no index");
    }
  }
}
