package dev.incognito.protocol.bundle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * What the gateway's attestation evidence vouches for: the OHTTP key configurations, the
 * receipt-signing key, the model and safety-policy digests and the issue time. The evidence's
 * REPORT_DATA is {@link #reportData()}, SHA-512 of the canonical encoding:
 *
 * <pre>
 * "incognito-bundle/v1" 0x00            label, 20 bytes
 * uint32 length, ohttp-keys             the application/ohttp-keys body (RFC 9458 §3.2)
 * 32 bytes  receipt key                 raw Ed25519 public key (RFC 8032)
 * 32 bytes  model digest                SHA-256 of the weight file(s)
 * 32 bytes  policy digest               SHA-256 of the safety policy file
 * uint64    issued at                   Unix seconds
 * </pre>
 *
 * All integers big-endian. The encoding is injective: every field but the first has a fixed length,
 * and the first is length-prefixed.
 */
public record BundleClaims(
    byte[] ohttpKeys, byte[] receiptKey, byte[] modelSha256, byte[] policySha256, long issuedAt) {

  public static final String LABEL = "incognito-bundle/v1";

  /** Largest key-configuration body accepted, bytes. */
  public static final int MAX_OHTTP_KEYS_BYTES = 64 * 1024;

  public BundleClaims {
    if (ohttpKeys == null || ohttpKeys.length == 0 || ohttpKeys.length > MAX_OHTTP_KEYS_BYTES) {
      throw new IllegalArgumentException(
          "ohttp-keys must have 1 to " + MAX_OHTTP_KEYS_BYTES + " bytes");
    }
    ohttpKeys = ohttpKeys.clone();
    receiptKey = fixed(receiptKey, "receipt key");
    modelSha256 = fixed(modelSha256, "model digest");
    policySha256 = fixed(policySha256, "policy digest");
    if (issuedAt < 0) {
      throw new IllegalArgumentException("issue time must not be negative");
    }
  }

  private static byte[] fixed(byte[] b, String name) {
    if (b == null || b.length != 32) {
      throw new IllegalArgumentException(name + " must be 32 bytes");
    }
    return b.clone();
  }

  @Override
  public byte[] ohttpKeys() {
    return ohttpKeys.clone();
  }

  @Override
  public byte[] receiptKey() {
    return receiptKey.clone();
  }

  @Override
  public byte[] modelSha256() {
    return modelSha256.clone();
  }

  @Override
  public byte[] policySha256() {
    return policySha256.clone();
  }

  /** The canonical encoding documented on this class. */
  public byte[] canonicalEncoding() {
    byte[] label = LABEL.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(label.length + 1 + 4 + ohttpKeys.length + 32 * 3 + 8)
        .put(label)
        .put((byte) 0)
        .putInt(ohttpKeys.length)
        .put(ohttpKeys)
        .put(receiptKey)
        .put(modelSha256)
        .put(policySha256)
        .putLong(issuedAt)
        .array();
  }

  /** SHA-512 of the canonical encoding: the 64 bytes placed in the evidence's REPORT_DATA. */
  public byte[] reportData() {
    try {
      return MessageDigest.getInstance("SHA-512").digest(canonicalEncoding());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is required by the Java platform", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BundleClaims c && Arrays.equals(canonicalEncoding(), c.canonicalEncoding());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(canonicalEncoding());
  }

  @Override
  public String toString() {
    return "BundleClaims[ohttpKeys=" + ohttpKeys.length + " bytes, issuedAt=" + issuedAt + "]";
  }
}
