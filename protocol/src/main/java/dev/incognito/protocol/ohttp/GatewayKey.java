package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.Hpke;
import dev.incognito.protocol.hpke.HpkeKeyPair;
import dev.incognito.protocol.hpke.HpkeSuite;
import dev.incognito.protocol.secret.SecretBytes;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One gateway key: an X25519 key pair, the key configuration that publishes it, and its validity
 * window [notBefore, notAfter). Copies made by {@link #withNotAfter(Instant)} share the private
 * key.
 */
public final class GatewayKey {

  private final KeyConfig config;
  private final HpkeKeyPair keyPair;
  private final Instant notBefore;
  private final Instant notAfter;

  private GatewayKey(KeyConfig config, HpkeKeyPair keyPair, Instant notBefore, Instant notAfter) {
    if (!notBefore.isBefore(notAfter)) {
      throw new IllegalArgumentException("notBefore must be before notAfter");
    }
    this.config = config;
    this.keyPair = keyPair;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
  }

  /**
   * A fresh key.
   *
   * @param keyId 0..255
   * @param algorithms the (KDF, AEAD) pairs to offer, in preference order; all must be supported
   */
  public static GatewayKey generate(
      int keyId, List<SymmetricAlgorithm> algorithms, Instant notBefore, Instant notAfter) {
    HpkeKeyPair kp = Hpke.generateKeyPair(HpkeSuite.X25519_SHA256_AES_128_GCM);
    return create(keyId, kp, algorithms, notBefore, notAfter);
  }

  /**
   * A key restored from its serialized private key skR (RFC 9180 §7.1.2, 32 bytes for X25519); the
   * public key is recomputed. {@code skR} is copied; the caller keeps ownership.
   */
  public static GatewayKey restore(
      int keyId,
      SecretBytes skR,
      List<SymmetricAlgorithm> algorithms,
      Instant notBefore,
      Instant notAfter) {
    if (skR.length() != HpkeSuite.X25519_SHA256_AES_128_GCM.nSk()) {
      throw new IllegalArgumentException("X25519 private key must be 32 bytes");
    }
    HpkeKeyPair kp = Hpke.keyPair(HpkeSuite.X25519_SHA256_AES_128_GCM, skR);
    return create(keyId, kp, algorithms, notBefore, notAfter);
  }

  private static GatewayKey create(
      int keyId,
      HpkeKeyPair kp,
      List<SymmetricAlgorithm> algorithms,
      Instant notBefore,
      Instant notAfter) {
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    for (SymmetricAlgorithm a : algorithms) {
      if (!a.isSupported()) {
        throw new IllegalArgumentException("gateway cannot offer unsupported algorithm " + a);
      }
    }
    KeyConfig config =
        KeyConfig.of(keyId, HpkeSuite.KEM_X25519_HKDF_SHA256, kp.publicKey(), algorithms);
    return new GatewayKey(config, kp, notBefore, notAfter);
  }

  /** Key Identifier, 0..255. */
  public int keyId() {
    return config.keyId();
  }

  /** The key configuration to publish. */
  public KeyConfig config() {
    return config;
  }

  /**
   * skR, serialized (32 bytes), for the key store. Shared, not copied: closing it disables this key
   * and every copy made by {@link #withNotAfter(Instant)}.
   */
  public SecretBytes privateKey() {
    return keyPair.privateKey();
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant notAfter() {
    return notAfter;
  }

  /** Whether the key is published at {@code now}: notBefore &lt;= now &lt; notAfter. */
  public boolean isActive(Instant now) {
    return !now.isBefore(notBefore) && now.isBefore(notAfter);
  }

  /** Whether the key is retired at {@code now}: now &gt;= notAfter. */
  public boolean isRetired(Instant now) {
    return !now.isBefore(notAfter);
  }

  /** This key with another end of validity; the private key is shared. */
  public GatewayKey withNotAfter(Instant newNotAfter) {
    return new GatewayKey(config, keyPair, notBefore, newNotAfter);
  }

  HpkeKeyPair keyPair() {
    return keyPair;
  }

  @Override
  public String toString() {
    return "GatewayKey[keyId="
        + keyId()
        + ", notBefore="
        + notBefore
        + ", notAfter="
        + notAfter
        + ", private key redacted]";
  }
}
