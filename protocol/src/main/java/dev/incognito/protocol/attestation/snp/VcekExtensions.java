package dev.incognito.protocol.attestation.snp;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * The X.509 extensions AMD puts in VCEK and VLEK certificates (AMD "Versioned Chip Endorsement Key
 * (VCEK) Certificate and KDS Interface Specification", table "VCEK Certificate Extensions"), under
 * 1.3.6.1.4.1.3704.1.
 */
public final class VcekExtensions {

  public static final String STRUCT_VERSION = "1.3.6.1.4.1.3704.1.1";
  public static final String PRODUCT_NAME = "1.3.6.1.4.1.3704.1.2";
  public static final String BL_SPL = "1.3.6.1.4.1.3704.1.3.1";
  public static final String TEE_SPL = "1.3.6.1.4.1.3704.1.3.2";
  public static final String SNP_SPL = "1.3.6.1.4.1.3704.1.3.3";
  public static final String UCODE_SPL = "1.3.6.1.4.1.3704.1.3.8";
  public static final String FMC_SPL = "1.3.6.1.4.1.3704.1.3.9";
  public static final String HW_ID = "1.3.6.1.4.1.3704.1.4";
  public static final String CSP_ID = "1.3.6.1.4.1.3704.1.5";

  /** Largest hwID accepted, bytes (64 on Milan and Genoa, 8 on Turin). */
  public static final int MAX_HW_ID_BYTES = 64;

  private VcekExtensions() {}

  /** The product name ({@code Milan-B0}, …), when present. */
  public static Optional<String> productName(X509Certificate cert) {
    byte[] v = contents(cert, PRODUCT_NAME);
    if (v == null) {
      return Optional.empty();
    }
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(v);
      if (p instanceof ASN1String s) {
        return Optional.of(s.getString());
      }
    } catch (IOException | RuntimeException e) {
      // not DER: fall through to empty
    }
    return Optional.empty();
  }

  /** A security patch level extension, or -1 when absent or not a small DER INTEGER. */
  public static int spl(X509Certificate cert, String oid) {
    byte[] v = contents(cert, oid);
    if (v == null) {
      return -1;
    }
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(v);
      if (p instanceof ASN1Integer i) {
        BigInteger b = i.getValue();
        return b.signum() >= 0 && b.bitLength() <= 8 ? b.intValue() : -1;
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return -1;
  }

  /**
   * The hardware ID. AMD stores the raw bytes as the extension value; an OCTET STRING wrapping them
   * is accepted too.
   */
  public static Optional<byte[]> hwId(X509Certificate cert) {
    byte[] v = contents(cert, HW_ID);
    if (v == null) {
      return Optional.empty();
    }
    if (v.length == 64 || v.length == 8) {
      return Optional.of(v);
    }
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(v);
      if (p instanceof ASN1OctetString o && o.getOctets().length <= MAX_HW_ID_BYTES) {
        return Optional.of(o.getOctets());
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return Optional.empty();
  }

  /** Whether the certificate carries a CSP ID (VLEK certificates do). */
  public static boolean hasCspId(X509Certificate cert) {
    return cert.getExtensionValue(CSP_ID) != null;
  }

  /** The contents of the extension's extnValue OCTET STRING, or null. */
  private static byte[] contents(X509Certificate cert, String oid) {
    byte[] ext = cert.getExtensionValue(oid);
    if (ext == null) {
      return null;
    }
    try {
      return ASN1OctetString.getInstance(ext).getOctets();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
