package dev.incognito.protocol.token;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;

/**
 * RSA blind signatures, RFC 9474, with SHA-384, MGF1-SHA-384 and a 48-byte salt
 * (RSABSSA-SHA384-PSS-Deterministic: the message itself is not randomized; the PSS salt is).
 */
public final class BlindRsa {

  /** Hash output and PSS salt length in bytes (SHA-384), RFC 9474 §5. */
  public static final int SALT_LENGTH = 48;

  /** Smallest modulus accepted, bits (RFC 9578 §6 requires 2048). */
  public static final int MIN_MODULUS_BITS = 2048;

  /** Largest modulus accepted, bits: caps the work an attacker-chosen key can cause. */
  public static final int MAX_MODULUS_BITS = 8192;

  private static final BigInteger E_65537 = BigInteger.valueOf(65537);

  private BlindRsa() {}

  /** The device's secret from {@link #blind}: the inverse of the blinding factor. */
  public record Blinding(byte[] blindedMsg, BigInteger inv) {
    @Override
    public String toString() {
      return "Blinding[redacted]";
    }
  }

  /** Checks the modulus size and public exponent that RFC 9578 §6.5 requires. */
  public static void checkPublicKey(RSAPublicKey pk) throws TokenVerificationException {
    int bits = pk.getModulus().bitLength();
    if (bits < MIN_MODULUS_BITS || bits > MAX_MODULUS_BITS) {
      throw new TokenVerificationException(
          "RSA modulus has "
              + bits
              + " bits; expected "
              + MIN_MODULUS_BITS
              + " to "
              + MAX_MODULUS_BITS);
    }
    if (!E_65537.equals(pk.getPublicExponent())) {
      throw new TokenVerificationException("RSA public exponent is not 65537");
    }
  }

  /** Blind per RFC 9474 §4.2 with a fresh salt and blinding factor. */
  public static Blinding blind(RSAPublicKey pk, byte[] msg, SecureRandom random)
      throws TokenVerificationException {
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    BigInteger n = pk.getModulus();
    BigInteger r;
    do {
      r = new BigInteger(n.bitLength() + 64, random).mod(n);
    } while (r.signum() == 0 || !r.gcd(n).equals(BigInteger.ONE));
    return blind(pk, msg, salt, r);
  }

  /**
   * Blind per RFC 9474 §4.2 with a given salt and blinding factor {@code r} (for known-answer
   * tests).
   */
  public static Blinding blind(RSAPublicKey pk, byte[] msg, byte[] salt, BigInteger r)
      throws TokenVerificationException {
    checkPublicKey(pk);
    BigInteger n = pk.getModulus();
    int modBits = n.bitLength();
    byte[] encoded = emsaPssEncode(msg, modBits - 1, salt);
    BigInteger m = new BigInteger(1, encoded);
    if (!m.gcd(n).equals(BigInteger.ONE)) {
      throw new TokenVerificationException("encoded message is not invertible modulo n");
    }
    BigInteger inv;
    try {
      inv = r.modInverse(n);
    } catch (ArithmeticException e) {
      throw new TokenVerificationException("blinding factor is not invertible modulo n", e);
    }
    BigInteger x = r.modPow(pk.getPublicExponent(), n);
    BigInteger z = m.multiply(x).mod(n);
    return new Blinding(i2osp(z, modulusBytes(n)), inv);
  }

  /**
   * BlindSign per RFC 9474 §4.3: {@code s = m^d mod n}, checked by {@code s^e == m} so that a
   * faulty computation never leaks the key.
   */
  public static byte[] blindSign(RSAPrivateCrtKey sk, byte[] blindedMsg)
      throws TokenVerificationException {
    BigInteger n = sk.getModulus();
    int kLen = modulusBytes(n);
    if (blindedMsg.length != kLen) {
      throw new TokenVerificationException(
          "blinded message has " + blindedMsg.length + " bytes; expected " + kLen);
    }
    BigInteger m = new BigInteger(1, blindedMsg);
    if (m.compareTo(n) >= 0) {
      throw new TokenVerificationException("blinded message is not smaller than the modulus");
    }
    BigInteger s = crtSign(sk, m);
    if (!s.modPow(sk.getPublicExponent(), n).equals(m)) {
      throw new TokenVerificationException("signature check after signing failed");
    }
    return i2osp(s, kLen);
  }

  /** Finalize per RFC 9474 §4.4: unblind and verify the signature over {@code msg}. */
  public static byte[] finalizeSignature(
      RSAPublicKey pk, byte[] msg, byte[] blindSig, BigInteger inv)
      throws TokenVerificationException {
    return finalizeSignature(pk, msg, blindSig, inv, SALT_LENGTH);
  }

  static byte[] finalizeSignature(
      RSAPublicKey pk, byte[] msg, byte[] blindSig, BigInteger inv, int saltLength)
      throws TokenVerificationException {
    BigInteger n = pk.getModulus();
    int kLen = modulusBytes(n);
    if (blindSig.length != kLen) {
      throw new TokenVerificationException(
          "blind signature has " + blindSig.length + " bytes; expected " + kLen);
    }
    BigInteger z = new BigInteger(1, blindSig);
    if (z.compareTo(n) >= 0) {
      throw new TokenVerificationException("blind signature is not smaller than the modulus");
    }
    byte[] sig = i2osp(z.multiply(inv).mod(n), kLen);
    verify(pk, msg, sig, saltLength);
    return sig;
  }

  /** RSASSA-PSS-VERIFY (RFC 8017 §8.1.2) with SHA-384, MGF1-SHA-384 and a 48-byte salt. */
  public static void verify(RSAPublicKey pk, byte[] msg, byte[] sig)
      throws TokenVerificationException {
    verify(pk, msg, sig, SALT_LENGTH);
  }

  /** RSASSA-PSS-VERIFY with SHA-384 and MGF1-SHA-384 and the given salt length. */
  public static void verify(RSAPublicKey pk, byte[] msg, byte[] sig, int saltLength)
      throws TokenVerificationException {
    checkPublicKey(pk);
    boolean ok;
    try {
      Signature verifier = Signature.getInstance("RSASSA-PSS");
      verifier.setParameter(
          new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, saltLength, 1));
      verifier.initVerify(pk);
      verifier.update(msg);
      ok = verifier.verify(sig);
    } catch (GeneralSecurityException e) {
      throw new TokenVerificationException("RSASSA-PSS verification could not run", e);
    }
    if (!ok) {
      throw new TokenVerificationException("RSASSA-PSS signature does not verify");
    }
  }

  /** EMSA-PSS-ENCODE per RFC 8017 §9.1.1 with SHA-384 and MGF1-SHA-384. */
  static byte[] emsaPssEncode(byte[] msg, int emBits, byte[] salt)
      throws TokenVerificationException {
    MessageDigest sha384 = sha384();
    int hLen = 48;
    int emLen = (emBits + 7) / 8;
    if (emLen < hLen + salt.length + 2) {
      throw new TokenVerificationException("modulus too small for EMSA-PSS encoding");
    }
    byte[] mHash = sha384.digest(msg);
    sha384.reset();
    sha384.update(new byte[8]);
    sha384.update(mHash);
    sha384.update(salt);
    byte[] h = sha384.digest();
    byte[] db = new byte[emLen - hLen - 1];
    db[db.length - salt.length - 1] = 0x01;
    System.arraycopy(salt, 0, db, db.length - salt.length, salt.length);
    byte[] dbMask = mgf1(h, db.length);
    for (int i = 0; i < db.length; i++) {
      db[i] ^= dbMask[i];
    }
    int unusedBits = 8 * emLen - emBits;
    db[0] &= (byte) (0xFF >>> unusedBits);
    byte[] em = new byte[emLen];
    System.arraycopy(db, 0, em, 0, db.length);
    System.arraycopy(h, 0, em, db.length, hLen);
    em[emLen - 1] = (byte) 0xBC;
    return em;
  }

  private static byte[] mgf1(byte[] seed, int length) {
    MessageDigest sha384 = sha384();
    byte[] out = new byte[length];
    int done = 0;
    for (int counter = 0; done < length; counter++) {
      sha384.update(seed);
      sha384.update(
          new byte[] {
            (byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter
          });
      byte[] block = sha384.digest();
      int n = Math.min(block.length, length - done);
      System.arraycopy(block, 0, out, done, n);
      done += n;
    }
    return out;
  }

  private static BigInteger crtSign(RSAPrivateCrtKey sk, BigInteger m) {
    BigInteger p = sk.getPrimeP();
    BigInteger q = sk.getPrimeQ();
    if (p == null || q == null || p.signum() == 0 || q.signum() == 0) {
      return m.modPow(sk.getPrivateExponent(), sk.getModulus());
    }
    BigInteger m1 = m.mod(p).modPow(sk.getPrimeExponentP(), p);
    BigInteger m2 = m.mod(q).modPow(sk.getPrimeExponentQ(), q);
    BigInteger h = sk.getCrtCoefficient().multiply(m1.subtract(m2)).mod(p);
    return m2.add(h.multiply(q));
  }

  static int modulusBytes(BigInteger n) {
    return (n.bitLength() + 7) / 8;
  }

  /** I2OSP per RFC 8017 §4.1. */
  static byte[] i2osp(BigInteger x, int len) {
    byte[] raw = x.toByteArray();
    if (raw.length == len) {
      return raw;
    }
    if (raw.length == len + 1 && raw[0] == 0) {
      return Arrays.copyOfRange(raw, 1, raw.length);
    }
    if (raw.length > len) {
      throw new IllegalArgumentException("integer too large");
    }
    byte[] out = new byte[len];
    System.arraycopy(raw, 0, out, len - raw.length, raw.length);
    return out;
  }

  static MessageDigest sha384() {
    try {
      return MessageDigest.getInstance("SHA-384");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-384 is required by the Java platform", e);
    }
  }
}
