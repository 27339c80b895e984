package dev.incognito.protocol.hpke;

/**
 * An HPKE cipher suite (RFC 9180 §7): KEM, KDF and AEAD identifiers. Only the algorithms this
 * package implements can be named, so a suite that exists can be used.
 *
 * @param kemId KEM identifier (RFC 9180 §7.1), {@link #KEM_X25519_HKDF_SHA256}
 * @param kdfId KDF identifier (RFC 9180 §7.2), {@link #KDF_HKDF_SHA256}
 * @param aeadId AEAD identifier (RFC 9180 §7.3)
 */
public record HpkeSuite(int kemId, int kdfId, int aeadId) {

  /** DHKEM(X25519, HKDF-SHA256). */
  public static final int KEM_X25519_HKDF_SHA256 = 0x0020;

  /** HKDF-SHA256. */
  public static final int KDF_HKDF_SHA256 = 0x0001;

  /** AES-128-GCM. */
  public static final int AEAD_AES_128_GCM = 0x0001;

  /** AES-256-GCM. */
  public static final int AEAD_AES_256_GCM = 0x0002;

  /** ChaCha20-Poly1305. */
  public static final int AEAD_CHACHA20_POLY1305 = 0x0003;

  /** Export-only: the context can export secrets but cannot seal or open (RFC 9180 §5.3). */
  public static final int AEAD_EXPORT_ONLY = 0xFFFF;

  /** DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM. */
  public static final HpkeSuite X25519_SHA256_AES_128_GCM =
      new HpkeSuite(KEM_X25519_HKDF_SHA256, KDF_HKDF_SHA256, AEAD_AES_128_GCM);

  /** DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM. */
  public static final HpkeSuite X25519_SHA256_AES_256_GCM =
      new HpkeSuite(KEM_X25519_HKDF_SHA256, KDF_HKDF_SHA256, AEAD_AES_256_GCM);

  /** DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / ChaCha20-Poly1305. */
  public static final HpkeSuite X25519_SHA256_CHACHA20_POLY1305 =
      new HpkeSuite(KEM_X25519_HKDF_SHA256, KDF_HKDF_SHA256, AEAD_CHACHA20_POLY1305);

  /** Rejects identifiers this package does not implement. */
  public HpkeSuite {
    if (kemId != KEM_X25519_HKDF_SHA256) {
      throw new IllegalArgumentException("unsupported HPKE KEM id 0x" + hex4(kemId));
    }
    if (kdfId != KDF_HKDF_SHA256) {
      throw new IllegalArgumentException("unsupported HPKE KDF id 0x" + hex4(kdfId));
    }
    if (!isSupportedAead(aeadId)) {
      throw new IllegalArgumentException("unsupported HPKE AEAD id 0x" + hex4(aeadId));
    }
  }

  /**
   * The suite for these identifiers.
   *
   * @throws IllegalArgumentException when any of them is not implemented here
   */
  public static HpkeSuite of(int kemId, int kdfId, int aeadId) {
    return new HpkeSuite(kemId, kdfId, aeadId);
  }

  /** Whether {@code (kemId, kdfId, aeadId)} names a suite this package implements. */
  public static boolean isSupported(int kemId, int kdfId, int aeadId) {
    return kemId == KEM_X25519_HKDF_SHA256 && kdfId == KDF_HKDF_SHA256 && isSupportedAead(aeadId);
  }

  private static boolean isSupportedAead(int aeadId) {
    return aeadId == AEAD_AES_128_GCM
        || aeadId == AEAD_AES_256_GCM
        || aeadId == AEAD_CHACHA20_POLY1305
        || aeadId == AEAD_EXPORT_ONLY;
  }

  /** Whether the AEAD is export-only (no seal or open). */
  public boolean isExportOnly() {
    return aeadId == AEAD_EXPORT_ONLY;
  }

  /** Nenc: length of an encapsulated key, bytes (RFC 9180 §7.1). */
  public int nEnc() {
    return Dhkem.N_ENC;
  }

  /** Npk: length of a serialized public key, bytes. */
  public int nPk() {
    return Dhkem.N_PK;
  }

  /** Nsk: length of a serialized private key, bytes. */
  public int nSk() {
    return Dhkem.N_SK;
  }

  /** Nh: output length of the KDF's Extract, bytes (RFC 9180 §7.2). */
  public int nH() {
    return Kdf.N_H;
  }

  /** Nk: AEAD key length, bytes; 0 for export-only (RFC 9180 §7.3). */
  public int nK() {
    return Aead.keyLength(aeadId);
  }

  /** Nn: AEAD nonce length, bytes; 0 for export-only. */
  public int nN() {
    return Aead.nonceLength(aeadId);
  }

  /** Nt: AEAD tag length, bytes; 0 for export-only. */
  public int nT() {
    return aeadId == AEAD_EXPORT_ONLY ? 0 : Aead.TAG_LENGTH;
  }

  /** suite_id = concat("HPKE", I2OSP(kem_id, 2), I2OSP(kdf_id, 2), I2OSP(aead_id, 2)) (§5.1). */
  byte[] suiteId() {
    return new byte[] {
      'H',
      'P',
      'K',
      'E',
      (byte) (kemId >>> 8),
      (byte) kemId,
      (byte) (kdfId >>> 8),
      (byte) kdfId,
      (byte) (aeadId >>> 8),
      (byte) aeadId
    };
  }

  private static String hex4(int id) {
    return String.format("%04x", id & 0xFFFF);
  }
}
