package dev.incognito.protocol.tlog;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Reads the log vectors from ../shared/vectors/tlog. */
final class TlogVectors {

  private TlogVectors() {}

  static Path dir() {
    String shared = System.getProperty("incognito.shared.dir", "../shared");
    Path d = Path.of(shared, "vectors", "tlog");
    Assumptions.assumeTrue(Files.isDirectory(d), "shared vectors absent: " + d);
    return d;
  }

  static JsonObject read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Json.createReader(in).readObject();
    }
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  static byte[] b64(JsonObject o, String key) {
    return o.isNull(key) ? null : Base64.getDecoder().decode(o.getString(key));
  }

  static List<byte[]> hexList(JsonArray a) {
    List<byte[]> out = new ArrayList<>();
    a.getValuesAs(jakarta.json.JsonString.class).forEach(s -> out.add(hex(s.getString())));
    return out;
  }

  static List<byte[]> b64List(JsonObject o, String key) {
    List<byte[]> out = new ArrayList<>();
    if (!o.isNull(key)) {
      o.getJsonArray(key)
          .getValuesAs(jakarta.json.JsonString.class)
          .forEach(s -> out.add(Base64.getDecoder().decode(s.getString())));
    }
    return out;
  }
}
