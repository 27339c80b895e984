package dev.incognito.protocol.hpke;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** DHKEM(X25519, HKDF-SHA256), KEM 0x0020 (RFC 9180 §4.1, §7.1). */
final class Dhkem {

  static final int N_SECRET = 32;
  static final int N_ENC = 32;
  static final int N_PK = 32;
  static final int N_SK = 32;

  /** suite_id = concat("KEM", I2OSP(kem_id, 2)). */
  private static final byte[] SUITE_ID = {'K', 'E', 'M', 0x00, 0x20};

  private static final byte[] EMPTY = new byte[0];

  private Dhkem() {}

  /** DeriveKeyPair(ikm) (§7.1.3): returns the private key; X25519 needs no rejection loop. */
  static byte[] derivePrivateKey(Kdf kdf, byte[] ikm) {
    byte[] dkpPrk = kdf.labeledExtract(SUITE_ID, EMPTY, "dkp_prk", ikm);
    byte[] sk = kdf.labeledExpand(SUITE_ID, dkpPrk, "sk", EMPTY, N_SK);
    Arrays.fill(dkpPrk, (byte) 0);
    return sk;
  }

  /** Nsk random bytes: GenerateKeyPair as DeriveKeyPair(random(Nsk)) minus the hashing. */
  static byte[] generatePrivateKey(SecureRandom random) {
    byte[] sk = new byte[N_SK];
    random.nextBytes(sk);
    return sk;
  }

  /** pk(skX) = X25519(skX, 9). */
  static byte[] publicKey(byte[] sk) {
    if (sk.length != N_SK) {
      throw new IllegalArgumentException("X25519 private key must be " + N_SK + " bytes");
    }
    byte[] pk = new byte[N_PK];
    X25519.scalarMultBase(sk, 0, pk, 0);
    return pk;
  }

  /** DH(sk, pk) into {@code out[outOff, outOff + 32)}; fails on the all-zero output (§7.1.4). */
  static void dh(byte[] sk, byte[] pk, byte[] out, int outOff) throws HpkeException {
    if (pk.length != N_PK) {
      throw new HpkeException("X25519 public key must be " + N_PK + " bytes");
    }
    if (!X25519.calculateAgreement(sk, 0, pk, 0, out, outOff)) {
      throw new HpkeException("X25519 shared secret is zero (small-order public key)");
    }
  }

  /**
   * ExtractAndExpand(dh, kem_context) (§4.1): the shared secret. {@code dh} is cleared afterwards.
   */
  static byte[] extractAndExpand(Kdf kdf, byte[] dh, byte[] kemContext) {
    byte[] eaePrk = kdf.labeledExtract(SUITE_ID, EMPTY, "eae_prk", dh);
    byte[] sharedSecret =
        kdf.labeledExpand(SUITE_ID, eaePrk, "shared_secret", kemContext, N_SECRET);
    Arrays.fill(eaePrk, (byte) 0);
    Arrays.fill(dh, (byte) 0);
    return sharedSecret;
  }

  /**
   * Encap / AuthEncap (§4.1): with {@code skS} null it is Encap. Returns the shared secret; the
   * ephemeral public key (enc) is {@code pkE}.
   */
  static byte[] encap(Kdf kdf, byte[] pkR, byte[] skE, byte[] pkE, byte[] skS, byte[] pkS)
      throws HpkeException {
    byte[] dh = new byte[skS == null ? 32 : 64];
    dh(skE, pkR, dh, 0);
    if (skS != null) {
      dh(skS, pkR, dh, 32);
    }
    return extractAndExpand(kdf, dh, kemContext(pkE, pkR, pkS));
  }

  /** Decap / AuthDecap (§4.1): with {@code pkS} null it is Decap. Returns the shared secret. */
  static byte[] decap(Kdf kdf, byte[] enc, byte[] skR, byte[] pkR, byte[] pkS)
      throws HpkeException {
    if (enc.length != N_ENC) {
      throw new HpkeException("encapsulated key must be " + N_ENC + " bytes, got " + enc.length);
    }
    byte[] dh = new byte[pkS == null ? 32 : 64];
    dh(skR, enc, dh, 0);
    if (pkS != null) {
      dh(skR, pkS, dh, 32);
    }
    return extractAndExpand(kdf, dh, kemContext(enc, pkR, pkS));
  }

  private static byte[] kemContext(byte[] enc, byte[] pkR, byte[] pkS) {
    byte[] ctx = new byte[N_ENC + N_PK + (pkS == null ? 0 : N_PK)];
    System.arraycopy(enc, 0, ctx, 0, N_ENC);
    System.arraycopy(pkR, 0, ctx, N_ENC, N_PK);
    if (pkS != null) {
      if (pkS.length != N_PK) {
        throw new IllegalArgumentException("X25519 public key must be " + N_PK + " bytes");
      }
      System.arraycopy(pkS, 0, ctx, 2 * N_PK, N_PK);
    }
    return ctx;
  }
}
