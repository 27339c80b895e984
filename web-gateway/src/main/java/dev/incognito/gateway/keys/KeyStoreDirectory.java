package dev.incognito.gateway.keys;

import dev.incognito.protocol.ohttp.GatewayKey;
import dev.incognito.protocol.ohttp.KeyRing;
import dev.incognito.protocol.ohttp.SymmetricAlgorithm;
import dev.incognito.protocol.secret.SecretBytes;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link KeyRing} kept in a directory, one file per key ({@code ohttp-key-<id>.properties}: key
 * id, validity window, algorithms and the base64url skR), readable by the server's owner only. The
 * directory is created {@code rwx------} and files {@code rw-------}; writes go through a temporary
 * file and an atomic rename. Not thread-safe: the caller serialises rotations.
 */
public final class KeyStoreDirectory {

  /** Most key files read. */
  public static final int MAX_KEY_FILES = KeyRing.MAX_KEYS;

  /** Largest key file read, bytes. */
  static final int MAX_FILE_BYTES = 4096;

  /** The algorithms new keys offer, in preference order. */
  static final List<SymmetricAlgorithm> ALGORITHMS =
      List.of(
          SymmetricAlgorithm.HKDF_SHA256_AES_128_GCM,
          SymmetricAlgorithm.HKDF_SHA256_CHACHA20_POLY1305);

  private static final Pattern FILE = Pattern.compile("ohttp-key-(\\d{1,3})\\.properties");
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path dir;
  private final Duration lifetime;
  private final Duration overlap;

  /**
   * @param lifetime how long a key is published
   * @param overlap how long a replaced key keeps being accepted after a rotation, shorter than
   *     {@code lifetime}; a key is also rotated automatically once it is within {@code overlap} of
   *     its end
   */
  public KeyStoreDirectory(Path dir, Duration lifetime, Duration overlap) {
    if (overlap.isNegative() || lifetime.compareTo(overlap) <= 0) {
      throw new IllegalArgumentException("key overlap must be shorter than the key lifetime");
    }
    this.dir = dir;
    this.lifetime = lifetime;
    this.overlap = overlap;
  }

  public Path directory() {
    return dir;
  }

  public Duration lifetime() {
    return lifetime;
  }

  /**
   * The ring on disk, generating the first key when there is none and rotating when no key is
   * active or the newest is within {@code overlap} of its end.
   */
  public KeyRing loadOrCreate(Instant now) throws IOException {
    List<GatewayKey> keys = read();
    keys.removeIf(k -> k.isRetired(now));
    KeyRing ring;
    if (keys.isEmpty()) {
      ring = KeyRing.of(List.of(GatewayKey.generate(0, ALGORITHMS, now, now.plus(lifetime))));
      write(ring);
    } else {
      ring = KeyRing.of(keys);
      GatewayKey newest = ring.keys().get(0);
      if (ring.active(now).isEmpty() || !newest.notAfter().minus(overlap).isAfter(now)) {
        ring = rotate(ring, now);
      }
    }
    return ring;
  }

  /** Rotates {@code ring} at {@code now} and writes the result (dropping retired key files). */
  public KeyRing rotate(KeyRing ring, Instant now) throws IOException {
    KeyRing next = ring.rotate(now, lifetime, overlap);
    write(next);
    return next;
  }

  private List<GatewayKey> read() throws IOException {
    List<GatewayKey> keys = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return keys;
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> list =
          files.filter(p -> FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
      if (list.size() > MAX_KEY_FILES) {
        throw new IOException("more than " + MAX_KEY_FILES + " key files in " + dir);
      }
      for (Path p : list) {
        keys.add(readKey(p));
      }
    }
    return keys;
  }

  private static GatewayKey readKey(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException("key file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
    try {
      int keyId = Integer.parseInt(p.getProperty("key-id"));
      Instant notBefore = Instant.ofEpochSecond(Long.parseLong(p.getProperty("not-before")));
      Instant notAfter = Instant.ofEpochSecond(Long.parseLong(p.getProperty("not-after")));
      List<SymmetricAlgorithm> algorithms = new ArrayList<>();
      for (String a : p.getProperty("algorithms").split(",")) {
        String[] ids = a.strip().split(":");
        algorithms.add(new SymmetricAlgorithm(Integer.parseInt(ids[0]), Integer.parseInt(ids[1])));
      }
      byte[] sk = Base64.getUrlDecoder().decode(p.getProperty("skR"));
      try (SecretBytes skR = SecretBytes.wrap(sk)) {
        return GatewayKey.restore(keyId, skR, algorithms, notBefore, notAfter);
      }
    } catch (RuntimeException e) {
      throw new IOException("key file " + file + " is not a valid gateway key", e);
    }
  }

  private void write(KeyRing ring) throws IOException {
    createPrivateDirectory();
    List<String> kept = new ArrayList<>();
    for (GatewayKey k : ring.keys()) {
      String name = "ohttp-key-" + k.keyId() + ".properties";
      kept.add(name);
      StringBuilder algorithms = new StringBuilder();
      for (SymmetricAlgorithm a : k.config().algorithms()) {
        algorithms
            .append(algorithms.isEmpty() ? "" : ",")
            .append(a.kdfId())
            .append(':')
            .append(a.aeadId());
      }
      String text =
          "# Oblivious HTTP gateway key (RFC 9458). Secret: never copy or commit.\n"
              + "key-id="
              + k.keyId()
              + "\nnot-before="
              + k.notBefore().getEpochSecond()
              + "\nnot-after="
              + k.notAfter().getEpochSecond()
              + "\nalgorithms="
              + algorithms
              + "\nskR="
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(k.privateKey().revealForUse())
              + "\n";
      writePrivate(dir.resolve(name), text.getBytes(StandardCharsets.ISO_8859_1));
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String n = p.getFileName().toString();
        if (FILE.matcher(n).matches() && !kept.contains(n)) {
          Files.delete(p);
        }
      }
    }
  }

  private void createPrivateDirectory() throws IOException {
    if (POSIX) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static void writePrivate(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (POSIX) {
      Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(owner));
    } else {
      Files.createFile(tmp);
    }
    Files.write(tmp, bytes);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
