package dev.incognito.protocol.hpke;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869), the KDF 0x0001 of RFC 9180 §7.2, with the labeled forms of §4.
 * Thread-safe: each thread uses its own HMAC engine, set up with a fresh key in every call.
 */
public final class Kdf {

  /** Nh: HMAC-SHA256 output length, bytes. */
  public static final int N_H = 32;

  /** Largest Expand output, bytes: 255 * Nh (RFC 5869 §2.3). */
  public static final int MAX_EXPAND_LENGTH = 255 * N_H;

  private static final byte[] VERSION_LABEL = "HPKE-v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZERO_SALT = new byte[N_H];

  // One engine per thread: Mac.getInstance costs more than the HMACs of one HPKE setup. The value
  // is a JDK class, so the thread-local pins no application class loader.
  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(Kdf::newMac);

  private static final Kdf HKDF_SHA256 = new Kdf();

  private Kdf() {}

  /** HKDF-SHA256. */
  public static Kdf hkdfSha256() {
    return HKDF_SHA256;
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this Java runtime", e);
    }
  }

  /** Extract(salt, ikm) (RFC 5869 §2.2); an empty salt means Nh zero bytes. Returns Nh bytes. */
  public byte[] extract(byte[] salt, byte[] ikm) {
    Mac mac = init(salt.length == 0 ? ZERO_SALT : salt);
    return mac.doFinal(ikm);
  }

  /**
   * Expand(prk, info, length) (RFC 5869 §2.3).
   *
   * @param length output length in bytes, at most {@link #MAX_EXPAND_LENGTH}
   */
  public byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > MAX_EXPAND_LENGTH) {
      throw new IllegalArgumentException("HKDF-Expand length out of range: " + length);
    }
    Mac mac = init(prk);
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    int done = 0;
    for (int i = 1; done < length; i++) {
      mac.update(t);
      mac.update(info);
      mac.update((byte) i);
      t = mac.doFinal();
      int n = Math.min(t.length, length - done);
      System.arraycopy(t, 0, out, done, n);
      done += n;
    }
    Arrays.fill(t, (byte) 0);
    return out;
  }

  /** LabeledExtract(salt, label, ikm) (RFC 9180 §4). */
  byte[] labeledExtract(byte[] suiteId, byte[] salt, String label, byte[] ikm) {
    Mac mac = init(salt.length == 0 ? ZERO_SALT : salt);
    mac.update(VERSION_LABEL);
    mac.update(suiteId);
    mac.update(label.getBytes(StandardCharsets.US_ASCII));
    return mac.doFinal(ikm);
  }

  /** LabeledExpand(prk, label, info, L) (RFC 9180 §4). */
  byte[] labeledExpand(byte[] suiteId, byte[] prk, String label, byte[] info, int length) {
    if (length < 0 || length > 0xFFFF) {
      throw new IllegalArgumentException("LabeledExpand length out of range: " + length);
    }
    byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
    byte[] labeledInfo =
        new byte[2 + VERSION_LABEL.length + suiteId.length + labelBytes.length + info.length];
    int p = 0;
    labeledInfo[p++] = (byte) (length >>> 8);
    labeledInfo[p++] = (byte) length;
    System.arraycopy(VERSION_LABEL, 0, labeledInfo, p, VERSION_LABEL.length);
    p += VERSION_LABEL.length;
    System.arraycopy(suiteId, 0, labeledInfo, p, suiteId.length);
    p += suiteId.length;
    System.arraycopy(labelBytes, 0, labeledInfo, p, labelBytes.length);
    p += labelBytes.length;
    System.arraycopy(info, 0, labeledInfo, p, info.length);
    return expand(prk, labeledInfo, length);
  }

  private static Mac init(byte[] key) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HMAC key rejected", e);
    }
  }
}
