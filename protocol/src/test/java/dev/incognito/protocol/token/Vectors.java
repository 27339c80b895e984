package dev.incognito.protocol.token;

import jakarta.json.Json;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Reads the Privacy Pass vectors from ../shared/vectors/privacypass. */
final class Vectors {

  private Vectors() {}

  static Path dir() {
    String shared = System.getProperty("incognito.shared.dir", "../shared");
    Path d = Path.of(shared, "vectors", "privacypass");
    Assumptions.assumeTrue(Files.isDirectory(d), "shared vectors absent: " + d);
    return d;
  }

  static JsonStructure read(String name) throws IOException {
    try (InputStream in = Files.newInputStream(dir().resolve(name))) {
      return Json.createReader(in).read();
    }
  }
}
