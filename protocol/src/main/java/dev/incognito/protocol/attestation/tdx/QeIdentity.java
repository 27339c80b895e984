package dev.incognito.protocol.attestation.tdx;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Intel's identity of the TD Quoting Enclave (PCS API v4 {@code GET
 * /tdx/certification/v4/qe/identity}, enclaveIdentity version 2, id {@code TD_QE}), with its
 * signature over the exact served bytes of the {@code "enclaveIdentity"} object.
 */
public final class QeIdentity {

  private record Level(int isvSvn, TcbStatus status) {}

  private final SignedJson signed;
  private final Instant issueDate;
  private final Instant nextUpdate;
  private final long miscSelect;
  private final long miscSelectMask;
  private final byte[] attributes;
  private final byte[] attributesMask;
  private final byte[] mrSigner;
  private final int isvProdId;
  private final List<Level> levels;

  private QeIdentity(
      SignedJson signed,
      Instant issueDate,
      Instant nextUpdate,
      long miscSelect,
      long miscSelectMask,
      byte[] attributes,
      byte[] attributesMask,
      byte[] mrSigner,
      int isvProdId,
      List<Level> levels) {
    this.signed = signed;
    this.issueDate = issueDate;
    this.nextUpdate = nextUpdate;
    this.miscSelect = miscSelect;
    this.miscSelectMask = miscSelectMask;
    this.attributes = attributes;
    this.attributesMask = attributesMask;
    this.mrSigner = mrSigner;
    this.isvProdId = isvProdId;
    this.levels = levels;
  }

  /** Parses a served QE identity body. Its signature is checked by {@link #signatureVerifies}. */
  public static QeIdentity parse(byte[] served) throws TdxVerificationException {
    String w = "enclaveIdentity";
    SignedJson s = SignedJson.parse(served, "enclaveIdentity", w);
    JsonObject o = s.body;
    if (!"TD_QE".equals(Json.string(o, "id", w))) {
      throw new TdxVerificationException("enclaveIdentity id is not TD_QE");
    }
    if (Json.integer(o, "version", w) != 2) {
      throw new TdxVerificationException("enclaveIdentity version is not 2");
    }
    List<Level> levels = new ArrayList<>();
    for (JsonValue v : Json.array(o, "tcbLevels", TcbInfo.MAX_TCB_LEVELS, w)) {
      JsonObject l = Json.object(v, "QE tcbLevel");
      levels.add(
          new Level(
              Json.integer(Json.object(l.get("tcb"), "QE tcb"), "isvsvn", w),
              TcbStatus.fromJson(Json.string(l, "tcbStatus", w))));
    }
    return new QeIdentity(
        s,
        Json.instant(o, "issueDate", w),
        Json.instant(o, "nextUpdate", w),
        new java.math.BigInteger(1, Json.hex(o, "miscselect", 4, w)).longValue(),
        new java.math.BigInteger(1, Json.hex(o, "miscselectMask", 4, w)).longValue(),
        Json.hex(o, "attributes", 16, w),
        Json.hex(o, "attributesMask", 16, w),
        Json.hex(o, "mrsigner", 32, w),
        Json.integer(o, "isvprodid", w),
        List.copyOf(levels));
  }

  /** Whether the ECDSA P-256 signature over the served {@code enclaveIdentity} bytes verifies. */
  public boolean signatureVerifies(PublicKey tcbSigningKey) {
    return signed.verifiedBy(tcbSigningKey);
  }

  public Instant issueDate() {
    return issueDate;
  }

  public Instant nextUpdate() {
    return nextUpdate;
  }

  /**
   * Matches the QE report against this identity (MRSIGNER, ISVPRODID, MISCSELECT and ATTRIBUTES
   * under their masks) and returns the status of the first TCB level whose ISVSVN is at most the
   * report's.
   *
   * @throws TdxVerificationException naming the field that does not match
   */
  public TcbStatus evaluate(QeReport qe) throws TdxVerificationException {
    if (!MessageDigest.isEqual(mrSigner, qe.mrSigner())) {
      throw new TdxVerificationException("QE MRSIGNER does not match the QE identity");
    }
    if (qe.isvProdId() != isvProdId) {
      throw new TdxVerificationException(
          "QE ISVPRODID " + qe.isvProdId() + " does not match the QE identity's " + isvProdId);
    }
    if ((qe.miscSelect() & miscSelectMask) != miscSelect) {
      throw new TdxVerificationException("QE MISCSELECT does not match the QE identity");
    }
    byte[] a = qe.attributes();
    for (int i = 0; i < 16; i++) {
      if ((a[i] & attributesMask[i]) != attributes[i]) {
        throw new TdxVerificationException("QE ATTRIBUTES do not match the QE identity");
      }
    }
    for (Level l : levels) {
      if (l.isvSvn <= qe.isvSvn()) {
        return l.status;
      }
    }
    return TcbStatus.NOT_SUPPORTED;
  }
}
