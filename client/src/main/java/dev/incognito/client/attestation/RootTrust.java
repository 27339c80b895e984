package dev.incognito.client.attestation;

import dev.incognito.protocol.attestation.Certificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which root the device trusts for the gateway's evidence: AMD's pinned ARKs only (the default), or
 * in addition one simulated root the person names — as a certificate file, as its SHA-256
 * fingerprint, or, for the local demo only, the root the local server serves.
 */
public final class RootTrust {

  /** How the simulated root was named. */
  enum Kind {
    VENDOR,
    ROOT,
    FINGERPRINT,
    LOCAL_DEMO
  }

  /** Largest root certificate file read, bytes. */
  public static final int MAX_ROOT_FILE_BYTES = Certificates.MAX_PEM_BYTES;

  private static final Pattern FINGERPRINT = Pattern.compile("(?:[0-9a-fA-F]{2}:?){32}");

  private final Kind kind;
  private final X509Certificate root;
  private final String fingerprint;
  private final String source;

  private RootTrust(Kind kind, X509Certificate root, String fingerprint, String source) {
    this.kind = kind;
    this.root = root;
    this.fingerprint = fingerprint;
    this.source = source;
  }

  /** AMD's pinned ARKs only: simulated evidence is refused. */
  public static RootTrust vendor() {
    return new RootTrust(Kind.VENDOR, null, null, "AMD's pinned ARKs");
  }

  /**
   * Also trusts {@code root}, a simulated platform's self-signed ARK.
   *
   * @param source where it came from, for the report (a file name)
   */
  public static RootTrust simulatedRoot(X509Certificate root, String source) {
    Objects.requireNonNull(root, "root");
    if (!root.getSubjectX500Principal().equals(root.getIssuerX500Principal())
        || !Certificates.isSignedBy(root, root.getPublicKey())) {
      throw new IllegalArgumentException("a trusted root must be self-signed");
    }
    return new RootTrust(Kind.ROOT, root, Certificates.sha256Fingerprint(root), source);
  }

  /** Also trusts the served simulated root whose DER has this SHA-256 (hex, colons allowed). */
  public static RootTrust simulatedFingerprint(String sha256) {
    if (!FINGERPRINT.matcher(sha256.strip()).matches()) {
      throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits");
    }
    String fp = sha256.strip().replace(":", "").toLowerCase(Locale.ROOT);
    return new RootTrust(Kind.FINGERPRINT, null, fp, "the fingerprint given");
  }

  /**
   * The local demo server's simulated root: the one read from its domain when given, else the one
   * its bundle serves. Only for a server on this machine that the person started.
   */
  public static RootTrust localDemo(Optional<X509Certificate> fromDomain, String source) {
    if (fromDomain.isPresent()) {
      RootTrust r = simulatedRoot(fromDomain.get(), source);
      return new RootTrust(Kind.LOCAL_DEMO, r.root, r.fingerprint, source);
    }
    return new RootTrust(Kind.LOCAL_DEMO, null, null, "the local demo server's bundle");
  }

  /**
   * The value of {@code --trust-simulated-root}: a SHA-256 fingerprint, or a DER or PEM file whose
   * one self-signed certificate is the root (a simulated platform's PEM file qualifies; its key
   * block is ignored).
   *
   * @throws IllegalArgumentException when the file cannot be read or holds no single self-signed
   *     certificate
   */
  public static RootTrust fromOption(String fileOrFingerprint) {
    String v = fileOrFingerprint.strip();
    Path file = Path.of(v);
    if (FINGERPRINT.matcher(v).matches() && !Files.exists(file)) {
      return simulatedFingerprint(v);
    }
    return simulatedRoot(readRoot(file), file.toString());
  }

  /** The one self-signed certificate in a DER or PEM file. */
  public static X509Certificate readRoot(Path file) {
    try {
      if (Files.size(file) > MAX_ROOT_FILE_BYTES) {
        throw new IllegalArgumentException(file + " exceeds " + MAX_ROOT_FILE_BYTES + " bytes");
      }
      // a simulated platform's PEM file also holds its private key: only certificates are parsed,
      // and the buffer is cleared afterwards
      byte[] content = Files.readAllBytes(file);
      List<X509Certificate> roots;
      try {
        roots =
            Certificates.parse(content).stream()
                .filter(c -> c.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
                .toList();
      } finally {
        java.util.Arrays.fill(content, (byte) 0);
      }
      if (roots.size() != 1) {
        throw new IllegalArgumentException(
            file + " holds " + roots.size() + " self-signed certificates, not one root");
      }
      return roots.get(0);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Whether a simulated root may be trusted at all. */
  public boolean allowsSimulated() {
    return kind != Kind.VENDOR;
  }

  boolean localDemo() {
    return kind == Kind.LOCAL_DEMO;
  }

  Kind kind() {
    return kind;
  }

  /** The named root, when a certificate was given. */
  Optional<X509Certificate> root() {
    return Optional.ofNullable(root);
  }

  /** The named root's SHA-256, when one was given. */
  Optional<String> fingerprint() {
    return Optional.ofNullable(fingerprint);
  }

  /** Where the trusted root came from, for the report. */
  String source() {
    return source;
  }
}
