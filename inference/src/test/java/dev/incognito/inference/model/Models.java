package dev.incognito.inference.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test models, skipping a test where the shared folder is absent. */
final class Models {
  private Models() {}

  static Path shared(String relative) {
    String dir = System.getProperty("incognito.shared.dir");
    assumeTrue(dir != null, "incognito.shared.dir not set");
    Path p = Path.of(dir).resolve(relative);
    assumeTrue(Files.exists(p), p + " absent");
    return p;
  }

  static Path stories260k() {
    return shared("models/stories260K/stories260K.bin");
  }

  static Path tok512() {
    return shared("models/stories260K/tok512.bin");
  }

  static Path tinyStories656k() {
    return shared("models/tinystories-656k");
  }

  static Path tinyRandomGguf() {
    return shared("models/tiny-random/llama-2-tiny-random.gguf");
  }
}
