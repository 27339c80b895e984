package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.HpkeSuite;

/**
 * One HPKE Symmetric Algorithms entry of a key configuration (RFC 9458 §3.1): a KDF id and an AEAD
 * id, each a 16-bit value. Entries this implementation cannot use may appear in configurations it
 * reads; {@link #isSupported()} tells them apart.
 */
public record SymmetricAlgorithm(int kdfId, int aeadId) {

  /** HKDF-SHA256 with AES-128-GCM. */
  public static final SymmetricAlgorithm HKDF_SHA256_AES_128_GCM =
      new SymmetricAlgorithm(HpkeSuite.KDF_HKDF_SHA256, HpkeSuite.AEAD_AES_128_GCM);

  /** HKDF-SHA256 with AES-256-GCM. */
  public static final SymmetricAlgorithm HKDF_SHA256_AES_256_GCM =
      new SymmetricAlgorithm(HpkeSuite.KDF_HKDF_SHA256, HpkeSuite.AEAD_AES_256_GCM);

  /** HKDF-SHA256 with ChaCha20-Poly1305. */
  public static final SymmetricAlgorithm HKDF_SHA256_CHACHA20_POLY1305 =
      new SymmetricAlgorithm(HpkeSuite.KDF_HKDF_SHA256, HpkeSuite.AEAD_CHACHA20_POLY1305);

  public SymmetricAlgorithm {
    if (kdfId < 0 || kdfId > 0xFFFF || aeadId < 0 || aeadId > 0xFFFF) {
      throw new IllegalArgumentException("KDF and AEAD ids are 16-bit values");
    }
  }

  /**
   * Whether this implementation can encapsulate with it under DHKEM(X25519): a supported KDF and a
   * sealing AEAD (export-only cannot carry a request, RFC 9458 §4.6).
   */
  public boolean isSupported() {
    return aeadId != HpkeSuite.AEAD_EXPORT_ONLY
        && HpkeSuite.isSupported(HpkeSuite.KEM_X25519_HKDF_SHA256, kdfId, aeadId);
  }
}
