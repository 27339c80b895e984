package dev.incognito.protocol.attestation;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/**
 * ECDSA checks over raw signature values: evidence formats carry (r, s) as fixed-size integers,
 * where JCA wants the DER {@code Ecdsa-Sig-Value} of RFC 3279 §2.2.3.
 */
public final class Ecdsa {

  private Ecdsa() {}

  /**
   * Whether (r, s) is a valid ECDSA signature of {@code message} under {@code key}, hashing with
   * {@code jcaAlgorithm} (for example {@code SHA384withECDSA}). Zero or negative values are
   * rejected.
   */
  public static boolean verify(
      PublicKey key, String jcaAlgorithm, byte[] message, BigInteger r, BigInteger s) {
    if (r.signum() <= 0 || s.signum() <= 0) {
      return false;
    }
    try {
      ASN1EncodableVector v = new ASN1EncodableVector();
      v.add(new ASN1Integer(r));
      v.add(new ASN1Integer(s));
      Signature sig = Signature.getInstance(jcaAlgorithm);
      sig.initVerify(key);
      sig.update(message);
      return sig.verify(new DERSequence(v).getEncoded());
    } catch (GeneralSecurityException | java.io.IOException e) {
      return false;
    }
  }

  /** Verifies a big-endian r‖s signature of {@code 2 * size} bytes. */
  public static boolean verifyRaw(PublicKey key, String jcaAlgorithm, byte[] message, byte[] rs) {
    if (rs.length % 2 != 0) {
      return false;
    }
    int n = rs.length / 2;
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(rs, 0, n));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(rs, n, 2 * n));
    return verify(key, jcaAlgorithm, message, r, s);
  }
}
