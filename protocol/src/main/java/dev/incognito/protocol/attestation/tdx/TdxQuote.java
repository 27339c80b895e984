package dev.incognito.protocol.attestation.tdx;

import java.util.Arrays;

/**
 * An Intel TDX quote, version 4 or 5 (Intel TDX DCAP "Quote Generation Library and Quote
 * Verification Library" API, appendix "Quote Format"), parsed by structure. Little-endian.
 *
 * <pre>
 * v4: header[48] ‖ TD report body[584] ‖ u32 sigLen ‖ signature data
 * v5: header[48] ‖ u16 body type ‖ u32 body size ‖ body ‖ u32 sigLen ‖ signature data
 *     body type 2 = TDX 1.0 (584 bytes), 3 = TDX 1.5 (648 bytes)
 * signature data: ECDSA r‖s[64] ‖ attestation key x‖y[64] ‖ u16 type 6 ‖ u32 size ‖
 *     QE report[384] ‖ QE report signature[64] ‖ u16 authLen ‖ QE auth data ‖
 *     u16 type 5 ‖ u32 size ‖ PEM chain (PCK leaf, intermediate CA, root CA)
 * </pre>
 *
 * The quote signature covers every byte before {@code sigLen}. Bytes after the signature data are
 * not signed; they are counted in {@link #trailingBytes()} and otherwise ignored.
 */
public final class TdxQuote {

  /** Largest quote accepted, bytes. */
  public static final int MAX_QUOTE_BYTES = 64 * 1024;

  /** Largest certification data accepted, bytes. */
  public static final int MAX_CERT_DATA_BYTES = 32 * 1024;

  public static final int HEADER_SIZE = 48;
  public static final int BODY_SIZE_TDX10 = 584;
  public static final int BODY_SIZE_TDX15 = 648;
  public static final int ATT_KEY_TYPE_ECDSA_P256 = 2;
  public static final int TEE_TYPE_TDX = 0x81;
  public static final int CERT_TYPE_QE_REPORT = 6;
  public static final int CERT_TYPE_PCK_CHAIN = 5;

  /** TD_ATTRIBUTES bit 0: the TD is debuggable. */
  public static final long TD_ATTRIBUTES_DEBUG = 1L;

  private final byte[] quote;
  private final int version;
  private final int bodyOffset;
  private final int bodySize;
  private final int signedLength;
  private final byte[] signature;
  private final byte[] attestationKey;
  private final QeReport qeReport;
  private final byte[] qeReportSignature;
  private final byte[] qeAuthData;
  private final byte[] pckChainPem;
  private final int trailing;

  private TdxQuote(
      byte[] quote,
      int version,
      int bodyOffset,
      int bodySize,
      int signedLength,
      byte[] signature,
      byte[] attestationKey,
      QeReport qeReport,
      byte[] qeReportSignature,
      byte[] qeAuthData,
      byte[] pckChainPem,
      int trailing) {
    this.quote = quote;
    this.version = version;
    this.bodyOffset = bodyOffset;
    this.bodySize = bodySize;
    this.signedLength = signedLength;
    this.signature = signature;
    this.attestationKey = attestationKey;
    this.qeReport = qeReport;
    this.qeReportSignature = qeReportSignature;
    this.qeAuthData = qeAuthData;
    this.pckChainPem = pckChainPem;
    this.trailing = trailing;
  }

  /**
   * Parses a quote.
   *
   * @throws TdxVerificationException when it is too large, truncated, not a TDX ECDSA-P256 quote of
   *     version 4 or 5, or lacks the QE report and PCK chain certification data
   */
  public static TdxQuote parse(byte[] quote) throws TdxVerificationException {
    if (quote.length > MAX_QUOTE_BYTES) {
      throw new TdxVerificationException(
          "quote of " + quote.length + " bytes exceeds " + MAX_QUOTE_BYTES);
    }
    byte[] q = quote.clone();
    Bytes in = new Bytes(q, 0, q.length);
    int version = in.u16("header");
    int attKeyType = in.u16("header");
    long teeType = in.u32("header");
    in.take(HEADER_SIZE - 8, "header");
    if (version != 4 && version != 5) {
      throw new TdxVerificationException("quote version " + version + " not supported (4, 5)");
    }
    if (attKeyType != ATT_KEY_TYPE_ECDSA_P256) {
      throw new TdxVerificationException(
          "attestation key type " + attKeyType + " is not ECDSA P-256 (2)");
    }
    if (teeType != TEE_TYPE_TDX) {
      throw new TdxVerificationException(
          "TEE type 0x" + Long.toHexString(teeType) + " is not TDX (0x81)");
    }
    int bodySize = BODY_SIZE_TDX10;
    if (version == 5) {
      int bodyType = in.u16("body type");
      long size = in.u32("body size");
      int expected =
          switch (bodyType) {
            case 2 -> BODY_SIZE_TDX10;
            case 3 -> BODY_SIZE_TDX15;
            default ->
                throw new TdxVerificationException(
                    "quote v5 body type " + bodyType + " is not a TD report (2, 3)");
          };
      if (size != expected) {
        throw new TdxVerificationException(
            "quote v5 body size " + size + " does not match body type " + bodyType);
      }
      bodySize = expected;
    }
    int bodyOffset = in.position();
    in.take(bodySize, "TD report body");
    int signedLength = in.position();
    long sigLen = in.u32("signature data length");
    if (sigLen > in.remaining()) {
      throw new TdxVerificationException("signature data length exceeds the quote");
    }
    Bytes sig = new Bytes(q, in.position(), in.position() + (int) sigLen);
    byte[] signature = sig.take(64, "quote signature");
    byte[] attKey = sig.take(64, "attestation key");
    int certType = sig.u16("certification data type");
    long certSize = sig.u32("certification data size");
    if (certType != CERT_TYPE_QE_REPORT) {
      throw new TdxVerificationException(
          "certification data type " + certType + " is not QE report data (6)");
    }
    if (certSize > MAX_CERT_DATA_BYTES || certSize > sig.remaining()) {
      throw new TdxVerificationException("certification data size " + certSize + " is invalid");
    }
    int certStart = sig.position();
    QeReport qe = new QeReport(sig.take(QeReport.SIZE, "QE report"));
    byte[] qeSig = sig.take(64, "QE report signature");
    int authLen = sig.u16("QE auth data length");
    byte[] auth = sig.take(authLen, "QE auth data");
    int innerType = sig.u16("PCK certification data type");
    long innerSize = sig.u32("PCK certification data size");
    if (innerType != CERT_TYPE_PCK_CHAIN) {
      throw new TdxVerificationException(
          "inner certification data type " + innerType + " is not a PCK chain (5)");
    }
    if (innerSize > MAX_CERT_DATA_BYTES) {
      throw new TdxVerificationException("PCK chain size " + innerSize + " is invalid");
    }
    byte[] pem = sig.take((int) innerSize, "PCK chain");
    if (sig.position() - certStart != certSize) {
      throw new TdxVerificationException("certification data size does not match its contents");
    }
    if (sig.remaining() != 0) {
      throw new TdxVerificationException("signature data length does not match its contents");
    }
    int trailing = q.length - sig.position();
    return new TdxQuote(
        q,
        version,
        bodyOffset,
        bodySize,
        signedLength,
        signature,
        attKey,
        qe,
        qeSig,
        auth,
        pem,
        trailing);
  }

  public int version() {
    return version;
  }

  /** QE_SVN from the header. */
  public int qeSvn() {
    return Bytes.u16(quote, 8);
  }

  /** PCE_SVN from the header. */
  public int pceSvn() {
    return Bytes.u16(quote, 10);
  }

  /** QE_VENDOR_ID from the header, 16 bytes. */
  public byte[] qeVendorId() {
    return Arrays.copyOfRange(quote, 12, 28);
  }

  /** The bytes the quote signature covers: header and body. */
  public byte[] signedBytes() {
    return Arrays.copyOf(quote, signedLength);
  }

  /** Whether the body is the TDX 1.5 form with TEE_TCB_SVN_2 and MRSERVICETD. */
  public boolean isTdx15Body() {
    return bodySize == BODY_SIZE_TDX15;
  }

  /** TEE_TCB_SVN @0 [16]. */
  public byte[] teeTcbSvn() {
    return body(0, 16);
  }

  /** MRSEAM @16 [48]. */
  public byte[] mrSeam() {
    return body(16, 48);
  }

  /** MRSIGNERSEAM @64 [48]. */
  public byte[] mrSignerSeam() {
    return body(64, 48);
  }

  /** SEAMATTRIBUTES @112 [8]. */
  public byte[] seamAttributes() {
    return body(112, 8);
  }

  /** TDATTRIBUTES @120 [8], as a little-endian number. */
  public long tdAttributes() {
    return java.nio.ByteBuffer.wrap(quote, bodyOffset + 120, 8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .getLong();
  }

  /** XFAM @128 [8]. */
  public byte[] xfam() {
    return body(128, 8);
  }

  /** MRTD @136 [48]: the initial TD measurement. */
  public byte[] mrTd() {
    return body(136, 48);
  }

  /** MRCONFIGID @184 [48]. */
  public byte[] mrConfigId() {
    return body(184, 48);
  }

  /** MROWNER @232 [48]. */
  public byte[] mrOwner() {
    return body(232, 48);
  }

  /** MROWNERCONFIG @280 [48]. */
  public byte[] mrOwnerConfig() {
    return body(280, 48);
  }

  /** RTMR0–3 @328 + 48·i [48]. */
  public byte[] rtmr(int i) {
    if (i < 0 || i > 3) {
      throw new IllegalArgumentException("RTMR index 0..3");
    }
    return body(328 + 48 * i, 48);
  }

  /** REPORTDATA @520 [64]. */
  public byte[] reportData() {
    return body(520, 64);
  }

  /** TEE_TCB_SVN_2 @584 [16] (TDX 1.5 body only; zeros otherwise). */
  public byte[] teeTcbSvn2() {
    return isTdx15Body() ? body(584, 16) : new byte[16];
  }

  /** MRSERVICETD @600 [48] (TDX 1.5 body only; zeros otherwise). */
  public byte[] mrServiceTd() {
    return isTdx15Body() ? body(600, 48) : new byte[48];
  }

  /** The quote's ECDSA P-256 signature, r‖s big-endian. */
  public byte[] signature() {
    return signature.clone();
  }

  /** The attestation public key, x‖y big-endian (P-256). */
  public byte[] attestationKey() {
    return attestationKey.clone();
  }

  public QeReport qeReport() {
    return qeReport;
  }

  /** The PCK's ECDSA P-256 signature over the QE report, r‖s. */
  public byte[] qeReportSignature() {
    return qeReportSignature.clone();
  }

  public byte[] qeAuthData() {
    return qeAuthData.clone();
  }

  /** The PEM certification data: PCK leaf, intermediate CA, root CA. */
  public byte[] pckChainPem() {
    return pckChainPem.clone();
  }

  /** Unsigned bytes after the signature data. */
  public int trailingBytes() {
    return trailing;
  }

  private byte[] body(int off, int len) {
    return Arrays.copyOfRange(quote, bodyOffset + off, bodyOffset + off + len);
  }
}
