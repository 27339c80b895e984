package dev.incognito.protocol.attestation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Reads the real attestation samples under ../shared/vectors; skips when they are absent. */
public final class Samples {

  private Samples() {}

  public static Path dir(String sub) {
    String shared = System.getProperty("incognito.shared.dir", "../shared");
    Path d = Path.of(shared, "vectors").resolve(sub);
    Assumptions.assumeTrue(Files.isDirectory(d), "shared vectors absent: " + d);
    return d;
  }

  public static byte[] read(String sub, String name) throws IOException {
    return Files.readAllBytes(dir(sub).resolve(name));
  }

  public static List<X509Certificate> certs(String sub, String name)
      throws IOException, CertificateException {
    return Certificates.parse(read(sub, name));
  }

  public static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }
}
