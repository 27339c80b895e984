package dev.incognito.client.tlog;

import dev.incognito.protocol.tlog.ReleaseEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The release entries of a build in a source tree: what `incognito release publish` appends. */
public final class ReleaseDigests {

  /** Payara Server distribution the build deploys to. */
  static final String PAYARA = "fish/payara/distributions/payara/6.2025.10/payara-6.2025.10.zip";

  private ReleaseDigests() {}

  /**
   * The entries for the build under {@code repo}, in a fixed order; missing artefacts are skipped.
   */
  public static List<ReleaseEntry> of(Path repo, Path mavenRepository) throws IOException {
    List<ReleaseEntry> out = new ArrayList<>();
    Optional<Path> ear = single(repo.resolve("ear/target"), ".ear");
    if (ear.isPresent()) {
      out.add(new ReleaseEntry("ear", ear.get().getFileName().toString(), sha256(ear.get())));
    }
    Optional<Path> rar = single(repo.resolve("jca-gpu-adapter/target"), ".rar");
    if (rar.isPresent()) {
      out.add(new ReleaseEntry("rar", rar.get().getFileName().toString(), sha256(rar.get())));
    }
    Path payara = mavenRepository.resolve(PAYARA);
    if (Files.isRegularFile(payara)) {
      out.add(
          new ReleaseEntry("server-distribution", payara.getFileName().toString(), sha256(payara)));
    }
    Path modules = Path.of(System.getProperty("java.home"), "lib", "modules");
    if (Files.isRegularFile(modules)) {
      out.add(
          new ReleaseEntry(
              "jdk", "java " + System.getProperty("java.runtime.version"), sha256(modules)));
    }
    Path config = repo.resolve("config");
    if (Files.isDirectory(config)) {
      out.add(new ReleaseEntry("configuration", "config/", treeDigest(config)));
    }
    try (Stream<Path> files = Files.walk(repo.resolve("ejb-coordinator/src/main/resources"))) {
      for (Path policy :
          files
              .filter(f -> f.getFileName().toString().endsWith("-policy.json"))
              .sorted()
              .toList()) {
        out.add(new ReleaseEntry("safety-policy", policy.getFileName().toString(), sha256(policy)));
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // no policy in this tree
    }
    return out;
  }

  /** SHA-256 of a file, streamed. */
  public static byte[] sha256(Path file) throws IOException {
    MessageDigest sha = newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return sha.digest();
  }

  // SHA-256 over (relative path, NUL, SHA-256 of content) of every file, sorted by path.
  private static byte[] treeDigest(Path dir) throws IOException {
    MessageDigest sha = newSha256();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        sha.update(
            dir.relativize(f)
                .toString()
                .replace('\\', '/')
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(sha256(f));
      }
    }
    return sha.digest();
  }

  private static Optional<Path> single(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().findFirst();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
