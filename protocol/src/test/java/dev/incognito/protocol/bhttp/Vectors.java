package dev.incognito.protocol.bhttp;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** The RFC 9292 examples in ../shared/vectors/bhttp/rfc9292-examples.json. */
final class Vectors {

  /** One example: its bytes, framing indicator, padding count and the message it decodes to. */
  record Example(String name, byte[] bytes, int framing, int paddingBytes, Object decoded) {
    boolean isRequest() {
      return framing == 0 || framing == 2;
    }
  }

  private Vectors() {}

  static List<Example> examples() throws IOException {
    String shared = System.getProperty("incognito.shared.dir", "../shared");
    Path file = Path.of(shared, "vectors", "bhttp", "rfc9292-examples.json");
    Assumptions.assumeTrue(Files.isRegularFile(file), "shared vectors absent: " + file);
    JsonObject root;
    try (InputStream in = Files.newInputStream(file)) {
      root = Json.createReader(in).readObject();
    }
    List<Example> out = new ArrayList<>();
    for (JsonValue v : root.getJsonArray("examples")) {
      JsonObject ex = v.asJsonObject();
      byte[] bytes = HexFormat.of().parseHex(ex.getString("hex"));
      if (bytes.length != ex.getInt("length")) {
        throw new IllegalStateException(ex.getString("name") + ": length field disagrees with hex");
      }
      JsonObject d = ex.getJsonObject("decoded");
      int framing = d.getInt("framing_indicator");
      byte[] content = d.getString("content").getBytes(StandardCharsets.ISO_8859_1);
      Object decoded;
      if (framing == 0 || framing == 2) {
        decoded =
            new BinaryRequest(
                d.getString("method"),
                d.getString("scheme"),
                d.getString("authority"),
                d.getString("path"),
                fields(d.getJsonArray("header_fields")),
                content,
                fields(d.getJsonArray("trailer_fields")));
      } else {
        List<InformationalResponse> info = new ArrayList<>();
        for (JsonValue i : d.getJsonArray("informational")) {
          JsonObject io = i.asJsonObject();
          info.add(
              new InformationalResponse(io.getInt("status"), fields(io.getJsonArray("fields"))));
        }
        decoded =
            new BinaryResponse(
                info,
                d.getInt("status"),
                fields(d.getJsonArray("header_fields")),
                content,
                fields(d.getJsonArray("trailer_fields")));
      }
      out.add(
          new Example(ex.getString("name"), bytes, framing, d.getInt("padding_bytes"), decoded));
    }
    return out;
  }

  private static List<Field> fields(JsonArray pairs) {
    List<Field> out = new ArrayList<>();
    for (JsonValue p : pairs) {
      JsonArray a = p.asJsonArray();
      out.add(new Field(a.getString(0), a.getString(1)));
    }
    return out;
  }
}
