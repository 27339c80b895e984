package dev.incognito.protocol.hpke;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HPKE AEAD (RFC 9180 §7.3) bound to one key: Seal(key, nonce, aad, pt) and Open(key, nonce,
 * aad, ct) on the Java runtime's AES-GCM and ChaCha20-Poly1305. Not thread-safe; the caller
 * supplies a fresh nonce for every seal.
 */
public final class Aead {

  /** Nt: tag length of every AEAD here, bytes. */
  public static final int TAG_LENGTH = 16;

  // AES-GCM engines, one per thread, initialised afresh in every call: Cipher.getInstance costs
  // more than sealing a kilobyte. The runtime's GCM accepts any new (key, nonce) on the same
  // engine. ChaCha20-Poly1305 keeps one engine per instance (see params()).
  private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(Aead::newGcm);

  private final int aeadId;
  private final SecretKeySpec key;
  private Cipher cipher; // ChaCha20-Poly1305 only; AES-GCM uses the thread's engine
  private byte[] lastNonce;

  private Aead(int aeadId, SecretKeySpec key, Cipher cipher) {
    this.aeadId = aeadId;
    this.key = key;
    this.cipher = cipher;
  }

  /**
   * An AEAD instance for {@code aeadId} with {@code key} (copied).
   *
   * @throws IllegalArgumentException for an unknown or export-only id, or a key of the wrong length
   */
  public static Aead of(int aeadId, byte[] key) {
    int nk = keyLength(aeadId);
    if (nk == 0) {
      throw new IllegalArgumentException("no AEAD for id 0x" + Integer.toHexString(aeadId));
    }
    if (key.length != nk) {
      throw new IllegalArgumentException("AEAD key must be " + nk + " bytes");
    }
    try {
      if (aeadId == HpkeSuite.AEAD_CHACHA20_POLY1305) {
        return new Aead(
            aeadId, new SecretKeySpec(key, "ChaCha20"), Cipher.getInstance("ChaCha20-Poly1305"));
      }
      return new Aead(aeadId, new SecretKeySpec(key, "AES"), null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AEAD not available in this Java runtime", e);
    }
  }

  private static Cipher newGcm() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM not available in this Java runtime", e);
    }
  }

  private Cipher engine() {
    return cipher != null ? cipher : GCM.get();
  }

  /** Nk for {@code aeadId}, bytes; 0 for export-only or unknown ids. */
  public static int keyLength(int aeadId) {
    switch (aeadId) {
      case HpkeSuite.AEAD_AES_128_GCM:
        return 16;
      case HpkeSuite.AEAD_AES_256_GCM:
      case HpkeSuite.AEAD_CHACHA20_POLY1305:
        return 32;
      default:
        return 0;
    }
  }

  /** Nn for {@code aeadId}, bytes; 0 for export-only or unknown ids. */
  public static int nonceLength(int aeadId) {
    return keyLength(aeadId) == 0 ? 0 : 12;
  }

  public int aeadId() {
    return aeadId;
  }

  /** Seal: returns ciphertext || tag. */
  public byte[] seal(byte[] nonce, byte[] aad, byte[] plaintext) {
    return seal(nonce, aad, plaintext, 0, plaintext.length);
  }

  /** Seal of {@code plaintext[offset, offset + length)}: returns ciphertext || tag. */
  public byte[] seal(byte[] nonce, byte[] aad, byte[] plaintext, int offset, int length) {
    try {
      AlgorithmParameterSpec spec = params(nonce);
      Cipher c = engine();
      c.init(Cipher.ENCRYPT_MODE, key, spec);
      if (aad.length > 0) {
        c.updateAAD(aad);
      }
      return c.doFinal(plaintext, offset, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AEAD seal failed", e);
    }
  }

  /**
   * Open: returns the plaintext of ciphertext || tag.
   *
   * @throws HpkeException "AEAD open failed" when the tag does not verify; no other detail
   */
  public byte[] open(byte[] nonce, byte[] aad, byte[] ciphertext) throws HpkeException {
    return open(nonce, aad, ciphertext, 0, ciphertext.length);
  }

  /** Open of {@code ciphertext[offset, offset + length)}. */
  public byte[] open(byte[] nonce, byte[] aad, byte[] ciphertext, int offset, int length)
      throws HpkeException {
    if (length < TAG_LENGTH) {
      throw new HpkeException("AEAD open failed");
    }
    try {
      AlgorithmParameterSpec spec = params(nonce);
      Cipher c = engine();
      c.init(Cipher.DECRYPT_MODE, key, spec);
      if (aad.length > 0) {
        c.updateAAD(aad);
      }
      return c.doFinal(ciphertext, offset, length);
    } catch (AEADBadTagException e) {
      throw new HpkeException("AEAD open failed");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AEAD open could not run", e);
    }
  }

  private AlgorithmParameterSpec params(byte[] nonce) throws GeneralSecurityException {
    if (nonce.length != 12) {
      throw new IllegalArgumentException("AEAD nonce must be 12 bytes");
    }
    if (aeadId == HpkeSuite.AEAD_CHACHA20_POLY1305) {
      // The runtime's ChaCha20-Poly1305 refuses to be initialised twice with one key and nonce,
      // even to decrypt again after a failed open; a fresh engine accepts it.
      if (Arrays.equals(nonce, lastNonce)) {
        cipher = Cipher.getInstance("ChaCha20-Poly1305");
      }
      lastNonce = nonce.clone();
    }
    return aeadId == HpkeSuite.AEAD_CHACHA20_POLY1305
        ? new IvParameterSpec(nonce)
        : new GCMParameterSpec(TAG_LENGTH * 8, nonce);
  }
}
