package dev.incognito.acs;

import dev.incognito.protocol.token.IssuerKeyPair;
import dev.incognito.protocol.token.TokenException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The issuer's token keys in a directory, one PKCS#8 file per key named by its not-before time. A
 * key issues tokens for {@code lifetime}; a successor is generated {@code overlap} before that
 * ends, so that both are published while devices and gateways pick up the new one. Keys past their
 * lifetime stop issuing; the directory lists them until {@code lifetime + overlap} so that tokens
 * already issued can still be redeemed.
 */
final class IssuerKeyRing {

  /** Most key files read from the directory. */
  static final int MAX_KEYS = 64;

  private static final Pattern FILE = Pattern.compile("issuer-(\\d{1,19})\\.pk8");

  /** One key and the instant it starts issuing. */
  record Entry(IssuerKeyPair key, Instant notBefore) {}

  private final Path dir;
  private final Duration lifetime;
  private final Duration overlap;
  private final int modulusBits;
  private final SecureRandom random = new SecureRandom();

  IssuerKeyRing(Path dir, Duration lifetime, Duration overlap, int modulusBits) {
    if (overlap.isNegative() || overlap.compareTo(lifetime) >= 0) {
      throw new IllegalArgumentException("key overlap must be shorter than the key lifetime");
    }
    this.dir = dir;
    this.lifetime = lifetime;
    this.overlap = overlap;
    this.modulusBits = modulusBits;
  }

  /**
   * Keys to publish at {@code now}, newest first, generating a successor when the newest is within
   * {@code overlap} of its end (or none exists).
   */
  synchronized List<Entry> current(Instant now) {
    List<Entry> keys = load();
    Optional<Entry> newest = keys.stream().max(Comparator.comparing(Entry::notBefore));
    if (newest.isEmpty() || !newest.get().notBefore().plus(lifetime).minus(overlap).isAfter(now)) {
      Instant notBefore =
          newest.isEmpty() || newest.get().notBefore().plus(lifetime).isBefore(now)
              ? now
              : newest.get().notBefore().plus(lifetime).minus(overlap);
      keys.add(generate(notBefore));
    }
    return keys.stream()
        .filter(e -> e.notBefore().plus(lifetime).plus(overlap).isAfter(now))
        .sorted(Comparator.comparing(Entry::notBefore).reversed())
        .toList();
  }

  /** The key that issues at {@code now}: the newest whose not-before has passed. */
  synchronized Entry issuing(Instant now) {
    return current(now).stream()
        .filter(e -> !e.notBefore().isAfter(now) && e.notBefore().plus(lifetime).isAfter(now))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no issuer key is valid now"));
  }

  /** Generates a key that starts issuing now and retires the others after the overlap. */
  synchronized Entry rotate(Instant now) {
    return generate(now);
  }

  private List<Entry> load() {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.limit(MAX_KEYS).toList()) {
        Matcher m = FILE.matcher(f.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        try {
          out.add(
              new Entry(
                  IssuerKeyPair.fromPkcs8(Files.readAllBytes(f)),
                  Instant.ofEpochSecond(Long.parseLong(m.group(1)))));
        } catch (TokenException e) {
          throw new IllegalStateException("issuer key file " + f + " is not a valid key", e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read issuer keys in " + dir, e);
    }
    return out;
  }

  private Entry generate(Instant notBefore) {
    IssuerKeyPair key = IssuerKeyPair.generate(modulusBits, random);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "issuer-", ".tmp");
      try {
        ownerOnly(tmp);
        Files.write(tmp, key.pkcs8());
        Path target = dir.resolve("issuer-" + notBefore.getEpochSecond() + ".pk8");
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write an issuer key in " + dir, e);
    }
    return new Entry(key, notBefore);
  }

  private static void ownerOnly(Path f) throws IOException {
    try {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: rely on the directory's permissions
    }
  }
}
