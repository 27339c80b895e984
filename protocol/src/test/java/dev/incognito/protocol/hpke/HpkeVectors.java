package dev.incognito.protocol.hpke;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * The RFC 9180 test vectors from ../shared/vectors/hpke, filtered to the suites implemented here.
 */
final class HpkeVectors {

  private HpkeVectors() {}

  static Path dir() {
    String shared = System.getProperty("incognito.shared.dir", "../shared");
    Path d = Path.of(shared, "vectors", "hpke");
    Assumptions.assumeTrue(Files.isDirectory(d), "shared vectors absent: " + d);
    return d;
  }

  /** Every vector of the official file whose suite {@link HpkeSuite} implements. */
  static List<JsonObject> supported() throws IOException {
    JsonArray all;
    try (InputStream in =
        new GZIPInputStream(Files.newInputStream(dir().resolve("rfc9180-test-vectors.json.gz")))) {
      all = Json.createReader(in).readArray();
    }
    return all.stream()
        .map(JsonObject.class::cast)
        .filter(
            v -> HpkeSuite.isSupported(v.getInt("kem_id"), v.getInt("kdf_id"), v.getInt("aead_id")))
        .toList();
  }

  static byte[] hex(JsonObject o, String name) {
    return HexFormat.of().parseHex(o.getString(name));
  }

  static HpkeSuite suite(JsonObject v) {
    return HpkeSuite.of(v.getInt("kem_id"), v.getInt("kdf_id"), v.getInt("aead_id"));
  }

  /** A random source that hands out {@code bytes} once: the fixed ephemeral key of a vector. */
  static SecureRandom fixed(byte[] bytes) {
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;
      private boolean used;

      @Override
      public void nextBytes(byte[] out) {
        if (used || out.length != bytes.length) {
          throw new IllegalStateException("fixed random source asked for unexpected bytes");
        }
        used = true;
        System.arraycopy(bytes, 0, out, 0, out.length);
      }
    };
  }
}
