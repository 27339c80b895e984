package dev.incognito.protocol.tlog;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A log entry stating the SHA-256 digest of one released thing. Version 1 text form, UTF-8, each
 * line ending in a newline:
 *
 * <pre>
 * incognito-release/v1
 * kind &lt;kind&gt;
 * name &lt;name&gt;
 * sha256 &lt;64 lowercase hex digits&gt;
 * </pre>
 *
 * Kinds: {@code ear}, {@code rar}, {@code server-distribution}, {@code jdk}, {@code configuration},
 * {@code model-weights}, {@code safety-policy}, {@code tee-measurement} (the digest is then of the
 * 48-byte measurement), {@code ohttp-key-configs}, {@code receipt-key}, {@code issuer-key}.
 */
public record ReleaseEntry(String kind, String name, byte[] sha256) {

  public static final String HEADER = "incognito-release/v1";

  public static final Set<String> KINDS =
      Set.of(
          "ear",
          "rar",
          "server-distribution",
          "jdk",
          "configuration",
          "model-weights",
          "safety-policy",
          "tee-measurement",
          "ohttp-key-configs",
          "receipt-key",
          "issuer-key");

  /** Longest name accepted. */
  public static final int MAX_NAME_CHARS = 200;

  private static final Pattern NAME =
      Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?");

  public ReleaseEntry {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("unknown release entry kind " + kind);
    }
    if (name.length() > MAX_NAME_CHARS || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "release entry name must be 1.." + MAX_NAME_CHARS + " printable ASCII characters");
    }
    if (sha256.length != 32) {
      throw new IllegalArgumentException("sha256 must be 32 bytes");
    }
    sha256 = sha256.clone();
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  /** The entry's bytes as appended to the log. */
  public byte[] encode() {
    return (HEADER
            + "\nkind "
            + kind
            + "\nname "
            + name
            + "\nsha256 "
            + HexFormat.of().formatHex(sha256)
            + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Parses the text form, accepting only its canonical encoding. */
  public static ReleaseEntry decode(byte[] entry) throws LogVerificationException {
    if (entry.length > 512) {
      throw new LogVerificationException("release entry is longer than 512 bytes");
    }
    String text = new String(entry, StandardCharsets.US_ASCII);
    String[] lines = text.split("\n", -1);
    try {
      if (lines.length != 5
          || !lines[0].equals(HEADER)
          || !lines[1].startsWith("kind ")
          || !lines[2].startsWith("name ")
          || !lines[3].startsWith("sha256 ")
          || !lines[4].isEmpty()) {
        throw new IllegalArgumentException("not an " + HEADER + " entry");
      }
      ReleaseEntry e =
          new ReleaseEntry(
              lines[1].substring(5),
              lines[2].substring(5),
              HexFormat.of().parseHex(lines[3].substring(7)));
      if (!java.util.Arrays.equals(e.encode(), entry)) {
        throw new IllegalArgumentException("release entry is not in canonical form");
      }
      return e;
    } catch (IllegalArgumentException e) {
      throw new LogVerificationException("malformed release entry: " + e.getMessage());
    }
  }
}
