package dev.incognito.client.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Payara Server distribution zip that the build fetched into the local Maven repository ({@code
 * fish.payara.distributions:payara:6.2025.10:zip}), and its unpacking.
 */
final class PayaraDistribution {

  /** The Payara Server release the EAR is built and tested against. */
  static final String VERSION = "6.2025.10";

  /** Most entries unpacked from the zip (the distribution holds about 1,200). */
  static final int MAX_ENTRIES = 20_000;

  /** Most bytes unpacked from the zip (the distribution unpacks to about 200 MB). */
  static final long MAX_UNPACKED_BYTES = 2L << 30;

  /** Top folder inside the zip. */
  static final String TOP = "payara6";

  private PayaraDistribution() {}

  /** The zip in the local Maven repository ({@code maven.repo.local}, else {@code ~/.m2}). */
  static Path zipInLocalRepository() {
    String local = System.getProperty("maven.repo.local");
    Path repo =
        local != null && !local.isBlank()
            ? Path.of(local)
            : Path.of(System.getProperty("user.home"), ".m2", "repository");
    return repo.resolve(
        Path.of(
            "fish", "payara", "distributions", "payara", VERSION, "payara-" + VERSION + ".zip"));
  }

  /**
   * Unpacks {@code zip} so that its {@value #TOP} folder becomes {@code payaraHome}: into a
   * temporary sibling first, moved into place once complete.
   */
  static void unpack(Path zip, Path payaraHome) throws ServerControlException {
    if (!Files.isRegularFile(zip)) {
      throw new ServerControlException(
          "Payara Server "
              + VERSION
              + " is not in the local Maven repository ("
              + zip
              + "): build once with `mvn -B package -DskipTests`, which fetches it");
    }
    Path parent = payaraHome.toAbsolutePath().getParent();
    Path staging = parent.resolve(payaraHome.getFileName() + ".unpacking");
    try {
      Files.createDirectories(parent);
      DomainSetup.deleteTree(staging);
      Files.createDirectories(staging);
      long total = 0;
      int count = 0;
      try (ZipFile z = new ZipFile(zip.toFile())) {
        Enumeration<? extends ZipEntry> entries = z.entries();
        while (entries.hasMoreElements()) {
          ZipEntry e = entries.nextElement();
          if (++count > MAX_ENTRIES) {
            throw new ServerControlException(zip + " has more than " + MAX_ENTRIES + " entries");
          }
          Path out = staging.resolve(e.getName()).normalize();
          if (!out.startsWith(staging)) {
            throw new ServerControlException(zip + " has an entry outside its folder: " + e);
          }
          if (e.isDirectory()) {
            Files.createDirectories(out);
            continue;
          }
          Files.createDirectories(out.getParent());
          try (InputStream in = z.getInputStream(e)) {
            total += Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
          }
          if (total > MAX_UNPACKED_BYTES) {
            throw new ServerControlException(zip + " unpacks to more than " + MAX_UNPACKED_BYTES);
          }
          // the zip keeps no Unix modes: scripts live in bin/ folders, plus lib/nadmin
          if (out.getParent().getFileName().toString().equals("bin")
              || out.getFileName().toString().startsWith("nadmin")) {
            makeExecutable(out);
          }
        }
      }
      Path top = staging.resolve(TOP);
      if (!Files.isDirectory(top.resolve("bin"))) {
        throw new ServerControlException(zip + " has no " + TOP + "/bin folder");
      }
      Files.move(top, payaraHome, StandardCopyOption.ATOMIC_MOVE);
      DomainSetup.deleteTree(staging);
    } catch (IOException e) {
      throw new ServerControlException("cannot unpack " + zip + " into " + payaraHome, e);
    }
  }

  private static void makeExecutable(Path file) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
