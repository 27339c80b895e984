package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.HpkeSuite;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A key configuration (RFC 9458 §3.1): the key identifier, the KEM and its public key, and the
 * (KDF, AEAD) pairs the gateway accepts with that key. Only DHKEM(X25519, HKDF-SHA256) keys can be
 * represented; the algorithm list may name pairs this implementation cannot use.
 *
 * <pre>
 * Key Config {
 *   Key Identifier (8),
 *   HPKE KEM ID (16),
 *   HPKE Public Key (Npk * 8),
 *   HPKE Symmetric Algorithms Length (16) = 4..65532,
 *   HPKE Symmetric Algorithms (32) ...,
 * }
 * </pre>
 */
public final class KeyConfig {

  /** Most (KDF, AEAD) entries accepted in one configuration. */
  public static final int MAX_SYMMETRIC_ALGORITHMS = 64;

  private final int keyId;
  private final int kemId;
  private final byte[] publicKey;
  private final List<SymmetricAlgorithm> algorithms;

  private KeyConfig(int keyId, int kemId, byte[] publicKey, List<SymmetricAlgorithm> algorithms) {
    this.keyId = keyId;
    this.kemId = kemId;
    this.publicKey = publicKey;
    this.algorithms = algorithms;
  }

  /**
   * A key configuration.
   *
   * @param keyId 0..255
   * @param kemId {@link HpkeSuite#KEM_X25519_HKDF_SHA256}
   * @param publicKey pkR, Npk bytes (copied)
   * @param algorithms 1..{@link #MAX_SYMMETRIC_ALGORITHMS} distinct entries, in preference order
   * @throws IllegalArgumentException when any of these does not hold
   */
  public static KeyConfig of(
      int keyId, int kemId, byte[] publicKey, List<SymmetricAlgorithm> algorithms) {
    if (keyId < 0 || keyId > 0xFF) {
      throw new IllegalArgumentException("key id must be 0..255");
    }
    if (kemId != HpkeSuite.KEM_X25519_HKDF_SHA256) {
      throw new IllegalArgumentException("unsupported KEM id 0x" + Integer.toHexString(kemId));
    }
    if (publicKey.length != HpkeSuite.X25519_SHA256_AES_128_GCM.nPk()) {
      throw new IllegalArgumentException("public key must be 32 bytes for X25519");
    }
    List<SymmetricAlgorithm> algs = List.copyOf(algorithms);
    if (algs.isEmpty() || algs.size() > MAX_SYMMETRIC_ALGORITHMS) {
      throw new IllegalArgumentException(
          "key configuration needs 1.." + MAX_SYMMETRIC_ALGORITHMS + " symmetric algorithms");
    }
    if (new HashSet<>(algs).size() != algs.size()) {
      throw new IllegalArgumentException("symmetric algorithms repeat");
    }
    return new KeyConfig(keyId, kemId, publicKey.clone(), algs);
  }

  /**
   * Decodes exactly one key configuration (RFC 9458 §3.1), with nothing after it.
   *
   * @throws MalformedMessageException when the bytes are truncated, too long, name a KEM other than
   *     DHKEM(X25519), or break the limits of {@link #of}
   */
  public static KeyConfig decode(byte[] encoded) throws MalformedMessageException {
    ByteBuffer in = ByteBuffer.wrap(encoded);
    KeyConfig config = read(in, encoded.length);
    if (in.hasRemaining()) {
      throw new MalformedMessageException("key configuration has trailing bytes");
    }
    return config;
  }

  /** Reads one configuration of {@code length} bytes from {@code in}. */
  static KeyConfig read(ByteBuffer in, int length) throws MalformedMessageException {
    int npk = HpkeSuite.X25519_SHA256_AES_128_GCM.nPk();
    if (length < 3) {
      throw new MalformedMessageException("key configuration truncated");
    }
    int keyId = in.get() & 0xFF;
    int kemId = in.getShort() & 0xFFFF;
    if (kemId != HpkeSuite.KEM_X25519_HKDF_SHA256) {
      throw new MalformedMessageException(
          "key configuration uses unsupported KEM 0x" + Integer.toHexString(kemId));
    }
    if (length < 3 + npk + 2) {
      throw new MalformedMessageException("key configuration truncated");
    }
    byte[] pk = new byte[npk];
    in.get(pk);
    int algsLength = in.getShort() & 0xFFFF;
    if (algsLength < 4 || algsLength % 4 != 0) {
      throw new MalformedMessageException("symmetric algorithms length must be a multiple of 4");
    }
    if (algsLength / 4 > MAX_SYMMETRIC_ALGORITHMS) {
      throw new MalformedMessageException(
          "more than " + MAX_SYMMETRIC_ALGORITHMS + " symmetric algorithms");
    }
    if (length < 3 + npk + 2 + algsLength) {
      throw new MalformedMessageException("key configuration truncated");
    }
    List<SymmetricAlgorithm> algs = new ArrayList<>(algsLength / 4);
    for (int i = 0; i < algsLength / 4; i++) {
      algs.add(new SymmetricAlgorithm(in.getShort() & 0xFFFF, in.getShort() & 0xFFFF));
    }
    if (length != 3 + npk + 2 + algsLength) {
      throw new MalformedMessageException("key configuration has trailing bytes");
    }
    try {
      return of(keyId, kemId, pk, algs);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("invalid key configuration: " + e.getMessage());
    }
  }

  /** The RFC 9458 §3.1 encoding. */
  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(encodedLength());
    out.put((byte) keyId).putShort((short) kemId).put(publicKey);
    out.putShort((short) (4 * algorithms.size()));
    for (SymmetricAlgorithm a : algorithms) {
      out.putShort((short) a.kdfId()).putShort((short) a.aeadId());
    }
    return out.array();
  }

  int encodedLength() {
    return 3 + publicKey.length + 2 + 4 * algorithms.size();
  }

  /** Key Identifier, 0..255. */
  public int keyId() {
    return keyId;
  }

  /** HPKE KEM ID. */
  public int kemId() {
    return kemId;
  }

  /** HPKE Public Key pkR (a copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  byte[] publicKeyNoCopy() {
    return publicKey;
  }

  /** HPKE Symmetric Algorithms, in the gateway's order. */
  public List<SymmetricAlgorithm> algorithms() {
    return algorithms;
  }

  /** Whether the configuration lists {@code (kdfId, aeadId)}. */
  public boolean offers(int kdfId, int aeadId) {
    for (SymmetricAlgorithm a : algorithms) {
      if (a.kdfId() == kdfId && a.aeadId() == aeadId) {
        return true;
      }
    }
    return false;
  }

  /** The first listed pair this implementation can use, if any. */
  public Optional<SymmetricAlgorithm> preferredAlgorithm() {
    return algorithms.stream().filter(SymmetricAlgorithm::isSupported).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyConfig k
        && k.keyId == keyId
        && k.kemId == kemId
        && Arrays.equals(k.publicKey, publicKey)
        && k.algorithms.equals(algorithms);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, kemId, Arrays.hashCode(publicKey), algorithms);
  }

  @Override
  public String toString() {
    return "KeyConfig[keyId="
        + keyId
        + ", kem=0x"
        + Integer.toHexString(kemId)
        + ", pk="
        + HexFormat.of().formatHex(publicKey)
        + ", algorithms="
        + algorithms
        + "]";
  }
}
