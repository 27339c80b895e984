package dev.incognito.protocol.ohttp;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/** The RFC 9458 Appendix A vector and a random source that replays fixed bytes. */
final class TestSupport {

  private TestSupport() {}

  static JsonObject appendixA() throws IOException {
    String shared = System.getProperty("incognito.shared.dir", "../shared");
    Path f = Path.of(shared, "vectors", "ohttp", "rfc9458-appendixA.json");
    Assumptions.assumeTrue(Files.isRegularFile(f), "shared vectors absent: " + f);
    try (InputStream in = Files.newInputStream(f)) {
      return Json.createReader(in).readObject();
    }
  }

  static byte[] hex(JsonObject o, String name) {
    return HexFormat.of().parseHex(o.getString(name));
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  /**
   * A random source that hands out each of {@code outputs} once, in order, at their exact sizes.
   */
  static SecureRandom fixed(byte[]... outputs) {
    Deque<byte[]> queue = new ArrayDeque<>(java.util.List.of(outputs));
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] out) {
        byte[] next = queue.poll();
        if (next == null || next.length != out.length) {
          throw new IllegalStateException("fixed random source asked for unexpected bytes");
        }
        System.arraycopy(next, 0, out, 0, out.length);
      }
    };
  }
}
