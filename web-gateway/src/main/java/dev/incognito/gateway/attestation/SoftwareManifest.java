package dev.incognito.gateway.attestation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the gateway says it runs, for the simulated platform's MEASUREMENT (a real SEV-SNP platform
 * measures the launched image instead). The encoding is UTF-8 text, one {@code name value} line
 * each, every line ending in {@code \n}, in this order:
 *
 * <pre>
 * incognito-software-manifest/v1
 * ear-sha256 HEX|unknown    SHA-256 of the deployed EAR, from the domain's
 *                           config/incognito-deployed.sha256 (written when the EAR is deployed)
 * model-sha256 HEX          SHA-256 of the weight file(s), as in the bundle
 * policy-sha256 HEX         SHA-256 of the safety policy, as in the bundle
 * java VERSION              the runtime's java.version system property
 * server NAME               the server's name and version (ServletContext#getServerInfo)
 * </pre>
 *
 * {@link #measurement()} is SHA-384 of that encoding: 48 bytes, MEASUREMENT's size.
 *
 * @param earSha256 lowercase hex, when the deployed EAR's digest is known
 * @param modelSha256 lowercase hex
 * @param policySha256 lowercase hex
 * @param java the Java runtime version
 * @param server the application server's name and version
 */
public record SoftwareManifest(
    Optional<String> earSha256,
    String modelSha256,
    String policySha256,
    String java,
    String server) {

  /** First line of the encoding. */
  public static final String LABEL = "incognito-software-manifest/v1";

  /** The file, in the domain's {@code config/} folder, holding the deployed EAR's SHA-256. */
  public static final String EAR_DIGEST_FILE = "incognito-deployed.sha256";

  /** Longest free-text value (java, server), characters. */
  public static final int MAX_VALUE_CHARS = 256;

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public SoftwareManifest {
    earSha256 = earSha256.map(SoftwareManifest::digest);
    modelSha256 = digest(modelSha256);
    policySha256 = digest(policySha256);
    java = text(java, "java");
    server = text(server, "server");
  }

  private static String digest(String hex) {
    String h = Objects.requireNonNull(hex, "digest").strip().toLowerCase(Locale.ROOT);
    if (!SHA256_HEX.matcher(h).matches()) {
      throw new IllegalArgumentException("a SHA-256 digest is 64 hex digits");
    }
    return h;
  }

  private static String text(String v, String name) {
    Objects.requireNonNull(v, name);
    if (v.isEmpty() || v.length() > MAX_VALUE_CHARS || v.contains("\n") || v.contains("\r")) {
      throw new IllegalArgumentException(
          name + " must be one line of 1 to " + MAX_VALUE_CHARS + " characters");
    }
    return v;
  }

  /**
   * The deployed EAR's digest recorded in {@code <instanceRoot>/config/}{@value #EAR_DIGEST_FILE};
   * empty when the file is absent or does not hold one SHA-256 hex digest.
   */
  public static Optional<String> deployedEarDigest(Path instanceRoot) {
    Path f = instanceRoot.resolve("config").resolve(EAR_DIGEST_FILE);
    try {
      if (!Files.isRegularFile(f) || Files.size(f) > 1024) {
        return Optional.empty();
      }
      String v = Files.readString(f, StandardCharsets.US_ASCII).strip().toLowerCase(Locale.ROOT);
      return SHA256_HEX.matcher(v).matches() ? Optional.of(v) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The encoding documented on this class. */
  public byte[] encoded() {
    String s =
        LABEL
            + "\n"
            + "ear-sha256 "
            + earSha256.orElse("unknown")
            + "\n"
            + "model-sha256 "
            + modelSha256
            + "\n"
            + "policy-sha256 "
            + policySha256
            + "\n"
            + "java "
            + java
            + "\n"
            + "server "
            + server
            + "\n";
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** SHA-384 of {@link #encoded()}: the simulated platform's MEASUREMENT, 48 bytes. */
  public byte[] measurement() {
    try {
      return MessageDigest.getInstance("SHA-384").digest(encoded());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 is required by the Java platform", e);
    }
  }
}
