package dev.incognito.protocol.attestation.tdx;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * The SGX extension of a PCK certificate (Intel "SGX PCK Certificate and Certificate Revocation
 * List Profile Specification" §1.3.5, OID 1.2.840.113741.1.13.1): the platform's TCB (16 component
 * SVNs and PCESVN), PCE-ID and FMSPC.
 *
 * @param tcbComponents SGX TCB component SVNs 1–16
 * @param pceSvn PCESVN
 * @param pceId PCE-ID, 2 bytes
 * @param fmspc FMSPC, 6 bytes
 */
public record PckExtensions(int[] tcbComponents, int pceSvn, byte[] pceId, byte[] fmspc) {

  public static final String SGX_EXTENSIONS = "1.2.840.113741.1.13.1";
  private static final String TCB = SGX_EXTENSIONS + ".2";
  private static final String PCE_ID = SGX_EXTENSIONS + ".3";
  private static final String FMSPC = SGX_EXTENSIONS + ".4";

  public PckExtensions {
    if (tcbComponents.length != 16 || pceId.length != 2 || fmspc.length != 6) {
      throw new IllegalArgumentException("PCK extension field sizes");
    }
    tcbComponents = tcbComponents.clone();
    pceId = pceId.clone();
    fmspc = fmspc.clone();
  }

  @Override
  public int[] tcbComponents() {
    return tcbComponents.clone();
  }

  @Override
  public byte[] pceId() {
    return pceId.clone();
  }

  @Override
  public byte[] fmspc() {
    return fmspc.clone();
  }

  /** Reads the SGX extension of {@code pck}. */
  public static PckExtensions of(X509Certificate pck) throws TdxVerificationException {
    byte[] ext = pck.getExtensionValue(SGX_EXTENSIONS);
    if (ext == null) {
      throw new TdxVerificationException("PCK certificate has no SGX extension");
    }
    try {
      ASN1Sequence seq =
          ASN1Sequence.getInstance(
              ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
      int[] comps = null;
      int pceSvn = -1;
      byte[] pceId = null;
      byte[] fmspc = null;
      for (ASN1Encodable e : seq) {
        ASN1Sequence pair = ASN1Sequence.getInstance(e);
        String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
        ASN1Encodable value = pair.getObjectAt(1);
        switch (oid) {
          case TCB -> {
            comps = new int[16];
            java.util.Arrays.fill(comps, -1);
            for (ASN1Encodable t : ASN1Sequence.getInstance(value)) {
              ASN1Sequence tp = ASN1Sequence.getInstance(t);
              String toid = ASN1ObjectIdentifier.getInstance(tp.getObjectAt(0)).getId();
              String last = toid.substring(TCB.length() + 1);
              int idx = Integer.parseInt(last);
              if (idx >= 1 && idx <= 16) {
                comps[idx - 1] = ASN1Integer.getInstance(tp.getObjectAt(1)).intValueExact();
              } else if (idx == 17) {
                pceSvn = ASN1Integer.getInstance(tp.getObjectAt(1)).intValueExact();
              }
            }
          }
          case PCE_ID -> pceId = ASN1OctetString.getInstance(value).getOctets();
          case FMSPC -> fmspc = ASN1OctetString.getInstance(value).getOctets();
          default -> {
            // PPID, SGX type, platform instance and configuration are not used here
          }
        }
      }
      if (comps == null || pceSvn < 0 || pceId == null || fmspc == null) {
        throw new TdxVerificationException("PCK SGX extension lacks TCB, PCE-ID or FMSPC");
      }
      for (int c : comps) {
        if (c < 0) {
          throw new TdxVerificationException("PCK SGX extension lacks a TCB component SVN");
        }
      }
      return new PckExtensions(comps, pceSvn, pceId, fmspc);
    } catch (java.io.IOException | RuntimeException e) {
      throw new TdxVerificationException("PCK SGX extension is malformed", e);
    }
  }
}
