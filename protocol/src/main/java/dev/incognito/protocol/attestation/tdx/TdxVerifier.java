package dev.incognito.protocol.attestation.tdx;

import dev.incognito.protocol.attestation.Certificates;
import dev.incognito.protocol.attestation.Ecdsa;
import dev.incognito.protocol.attestation.Origin;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies Intel TDX quotes (v4, v5) the way Intel's DCAP Quote Verification Library does:
 *
 * <ol>
 *   <li>the PCK chain from the quote's certification data (type 6 → type 5) up to a trusted Intel
 *       SGX Root CA;
 *   <li>the QE report's ECDSA P-256 signature by the PCK;
 *   <li>the attestation-key binding: QE REPORTDATA = SHA-256(attestation key ‖ QE auth data) ‖ 32
 *       zero bytes;
 *   <li>the quote's ECDSA P-256 signature by the attestation key over header and body;
 *   <li>collateral, where given: TCB info and QE identity signed by the Intel SGX TCB Signing
 *       certificate (which chains to the root) and current at the clock's instant, FMSPC and PCE-ID
 *       matching the PCK, the TCB level search, the QE identity match; the PCK CA's and the root
 *       CA's CRLs, signed and current, not revoking the chain;
 *   <li>the {@link TdxPolicy}.
 * </ol>
 */
public final class TdxVerifier {

  private static final class Pinned {
    static final X509Certificate ROOT =
        Certificates.resource(TdxVerifier.class, "intel_sgx_root_ca.pem").get(0);
  }

  private static final HexFormat HEX = HexFormat.of();

  /** QE_VENDOR_ID of Intel's Quoting Enclave (DCAP quote format, header). */
  static final byte[] INTEL_QE_VENDOR_ID = HEX.parseHex("939a7233f79c4ca9940a0db3957f0607");

  private final List<X509Certificate> roots;
  private final Clock clock;

  private TdxVerifier(List<X509Certificate> roots, Clock clock) {
    this.roots = roots;
    this.clock = clock;
  }

  /** A verifier trusting the pinned Intel SGX Root CA, with the system clock. */
  public static TdxVerifier intel() {
    return new TdxVerifier(List.of(Pinned.ROOT), Clock.systemUTC());
  }

  /** A verifier trusting only {@code root} (self-signed). */
  public static TdxVerifier trusting(X509Certificate root) {
    if (!root.getSubjectX500Principal().equals(root.getIssuerX500Principal())
        || !Certificates.isSignedBy(root, root.getPublicKey())) {
      throw new IllegalArgumentException("a trusted root must be self-signed");
    }
    return new TdxVerifier(List.of(root), Clock.systemUTC());
  }

  /** The pinned Intel SGX Root CA. */
  public static X509Certificate intelRoot() {
    return Pinned.ROOT;
  }

  /** This verifier, checking validity and freshness at {@code clock}'s instant. */
  public TdxVerifier withClock(Clock clock) {
    return new TdxVerifier(roots, Objects.requireNonNull(clock));
  }

  /**
   * Verifies {@code quote} with {@code collateral} under {@code policy}.
   *
   * @throws TdxVerificationException naming the first check that failed
   */
  public TdxVerification verify(byte[] quote, TdxCollateral collateral, TdxPolicy policy)
      throws TdxVerificationException {
    TdxQuote q = TdxQuote.parse(quote);
    Instant now = clock.instant();
    if (!MessageDigest.isEqual(INTEL_QE_VENDOR_ID, q.qeVendorId())) {
      throw new TdxVerificationException(
          "QE vendor ID " + HEX.formatHex(q.qeVendorId()) + " is not Intel's");
    }

    // 1. PCK chain.
    List<X509Certificate> pem;
    try {
      pem = Certificates.parse(q.pckChainPem());
    } catch (CertificateException e) {
      throw new TdxVerificationException("PCK certificate chain does not parse", e);
    }
    if (pem.isEmpty()) {
      throw new TdxVerificationException("quote carries no PCK certificate");
    }
    X509Certificate pck = pem.get(0);
    List<X509Certificate> chain = chainToRoot(pck, pem, "PCK");
    X509Certificate pckCa = chain.get(1);
    X509Certificate root = chain.get(chain.size() - 1);
    checkValidity(chain, now);

    // 2. QE report signed by the PCK.
    if (!Ecdsa.verifyRaw(
        pck.getPublicKey(), "SHA256withECDSA", q.qeReport().encoded(), q.qeReportSignature())) {
      throw new TdxVerificationException("QE report signature does not verify under the PCK");
    }

    // 3. Attestation key bound into the QE report.
    byte[] expected = new byte[64];
    byte[] digest = sha256(concat(q.attestationKey(), q.qeAuthData()));
    System.arraycopy(digest, 0, expected, 0, 32);
    if (!MessageDigest.isEqual(expected, q.qeReport().reportData())) {
      throw new TdxVerificationException(
          "QE report data is not SHA-256(attestation key ‖ QE auth data) ‖ zeros");
    }

    // 4. Quote signed by the attestation key.
    PublicKey attKey = p256(q.attestationKey());
    if (!Ecdsa.verifyRaw(attKey, "SHA256withECDSA", q.signedBytes(), q.signature())) {
      throw new TdxVerificationException(
          "quote signature does not verify under the attestation key");
    }

    PckExtensions ext = PckExtensions.of(pck);

    // 5. Collateral.
    if (policy.requireCollateral()) {
      requirePresent(collateral.tcbInfo().isPresent(), "TCB info");
      requirePresent(collateral.qeIdentity().isPresent(), "QE identity");
      requirePresent(collateral.pckCrl().isPresent(), "PCK CA CRL");
      requirePresent(collateral.rootCrl().isPresent(), "root CA CRL");
    }
    Optional<TcbInfo.Evaluation> tcb = Optional.empty();
    if (collateral.tcbInfo().isPresent()) {
      TcbInfo info = TcbInfo.parse(collateral.tcbInfo().get());
      X509Certificate signer = collateralSigner(collateral.tcbInfoIssuerChain(), "TCB info", now);
      if (!info.signatureVerifies(signer.getPublicKey())) {
        throw new TdxVerificationException("TCB info signature does not verify");
      }
      checkFresh(info.issueDate(), info.nextUpdate(), now, "TCB info");
      if (!info.fmspc().equals(HEX.formatHex(ext.fmspc()))) {
        throw new TdxVerificationException(
            "TCB info FMSPC "
                + info.fmspc()
                + " does not match the PCK's "
                + HEX.formatHex(ext.fmspc()));
      }
      if (!info.pceId().equals(HEX.formatHex(ext.pceId()))) {
        throw new TdxVerificationException("TCB info PCE-ID does not match the PCK's");
      }
      TcbInfo.Evaluation ev = info.evaluate(ext, q);
      if (!policy.acceptedTcbStatuses().contains(ev.status())) {
        throw new TdxVerificationException(
            "platform TCB status " + ev.status().jsonName() + " is not accepted");
      }
      tcb = Optional.of(ev);
    }
    Optional<TcbStatus> qeStatus = Optional.empty();
    if (collateral.qeIdentity().isPresent()) {
      QeIdentity id = QeIdentity.parse(collateral.qeIdentity().get());
      X509Certificate signer =
          collateralSigner(collateral.qeIdentityIssuerChain(), "QE identity", now);
      if (!id.signatureVerifies(signer.getPublicKey())) {
        throw new TdxVerificationException("QE identity signature does not verify");
      }
      checkFresh(id.issueDate(), id.nextUpdate(), now, "QE identity");
      TcbStatus s = id.evaluate(q.qeReport());
      if (!policy.acceptedTcbStatuses().contains(s)) {
        throw new TdxVerificationException("QE TCB status " + s.jsonName() + " is not accepted");
      }
      qeStatus = Optional.of(s);
    }
    if (collateral.pckCrl().isPresent()) {
      X509CRL crl = crl(collateral.pckCrl().get(), pckCa, now, "PCK CA CRL");
      if (crl.isRevoked(pck)) {
        throw new TdxVerificationException("PCK certificate is revoked");
      }
    }
    if (collateral.rootCrl().isPresent()) {
      X509CRL crl = crl(collateral.rootCrl().get(), root, now, "root CA CRL");
      List<X509Certificate> underRoot = new ArrayList<>(chain.subList(1, chain.size() - 1));
      underRoot.addAll(collateral.tcbInfoIssuerChain());
      underRoot.addAll(collateral.qeIdentityIssuerChain());
      for (X509Certificate c : underRoot) {
        if (crl.isRevoked(c)) {
          throw new TdxVerificationException(
              c.getSubjectX500Principal().getName() + " is revoked by the root CA CRL");
        }
      }
    }
    boolean revocationChecked = collateral.pckCrl().isPresent() && collateral.rootCrl().isPresent();

    // 6. Policy on the TD itself.
    if ((q.tdAttributes() & TdxQuote.TD_ATTRIBUTES_DEBUG) != 0 && !policy.allowDebug()) {
      throw new TdxVerificationException("TD is debuggable (TDATTRIBUTES.DEBUG set)");
    }
    if (!policy.allowedMrTd().isEmpty()
        && !policy.allowedMrTd().contains(HEX.formatHex(q.mrTd()))) {
      throw new TdxVerificationException("MRTD " + HEX.formatHex(q.mrTd()) + " is not allowed");
    }
    Optional<byte[]> rd = policy.expectedReportData();
    if (rd.isPresent() && !MessageDigest.isEqual(rd.get(), q.reportData())) {
      throw new TdxVerificationException("REPORTDATA does not match the expected value");
    }

    Origin origin =
        Certificates.sameCertificate(root, Pinned.ROOT) ? Origin.VENDOR : Origin.SIMULATED;
    return new TdxVerification(q, pck, ext, tcb, qeStatus, revocationChecked, origin);
  }

  /** leaf, intermediates…, trusted root; each signed by the next. */
  private List<X509Certificate> chainToRoot(
      X509Certificate leaf, List<X509Certificate> pool, String what)
      throws TdxVerificationException {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(leaf);
    X509Certificate cur = leaf;
    for (int depth = 0; depth < Certificates.MAX_CERTIFICATES; depth++) {
      for (X509Certificate r : roots) {
        if (r.getSubjectX500Principal().equals(cur.getIssuerX500Principal())
            && Certificates.isSignedBy(cur, r.getPublicKey())) {
          if (chain.size() < 2) {
            throw new TdxVerificationException(
                what + " certificate is signed by the root directly");
          }
          chain.add(r);
          return chain;
        }
      }
      X509Certificate next = null;
      for (X509Certificate c : pool) {
        if (c != cur
            && !c.getSubjectX500Principal().equals(c.getIssuerX500Principal())
            && c.getSubjectX500Principal().equals(cur.getIssuerX500Principal())
            && Certificates.isSignedBy(cur, c.getPublicKey())) {
          next = c;
          break;
        }
      }
      if (next == null) {
        throw new TdxVerificationException(
            what
                + " chain does not lead to a trusted Intel SGX Root CA (stuck at "
                + cur.getSubjectX500Principal().getName()
                + ")");
      }
      chain.add(next);
      cur = next;
    }
    throw new TdxVerificationException(what + " chain is too long");
  }

  /** The TCB Signing certificate of a collateral issuer chain, verified to the root. */
  private X509Certificate collateralSigner(
      List<X509Certificate> issuerChain, String what, Instant now) throws TdxVerificationException {
    if (issuerChain.isEmpty()) {
      throw new TdxVerificationException(what + " issuer chain is missing");
    }
    X509Certificate signer = issuerChain.get(0);
    X509Certificate root = null;
    for (X509Certificate r : roots) {
      if (r.getSubjectX500Principal().equals(signer.getIssuerX500Principal())
          && Certificates.isSignedBy(signer, r.getPublicKey())) {
        root = r;
      }
    }
    if (root == null) {
      throw new TdxVerificationException(
          what + " signing certificate is not signed by a trusted Intel SGX Root CA");
    }
    checkValidity(List.of(signer, root), now);
    return signer;
  }

  private static X509CRL crl(byte[] der, X509Certificate issuer, Instant now, String what)
      throws TdxVerificationException {
    X509CRL crl;
    try {
      crl =
          (X509CRL)
              CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new TdxVerificationException(what + " does not parse", e);
    }
    if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw new TdxVerificationException(
          what
              + " is issued by "
              + crl.getIssuerX500Principal().getName()
              + ", not by "
              + issuer.getSubjectX500Principal().getName());
    }
    try {
      crl.verify(issuer.getPublicKey(), Certificates.BC);
    } catch (GeneralSecurityException e) {
      throw new TdxVerificationException(what + " signature does not verify", e);
    }
    Instant next = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
    checkFresh(crl.getThisUpdate().toInstant(), next, now, what);
    return crl;
  }

  private static void checkFresh(Instant issued, Instant next, Instant now, String what)
      throws TdxVerificationException {
    if (now.isBefore(issued)) {
      throw new TdxVerificationException(what + " is issued after " + now);
    }
    if (next == null || now.isAfter(next)) {
      throw new TdxVerificationException(what + " expired at " + next + " (now " + now + ")");
    }
  }

  private static void checkValidity(List<X509Certificate> chain, Instant now)
      throws TdxVerificationException {
    for (X509Certificate c : chain) {
      if (!Certificates.isValidAt(c, now)) {
        throw new TdxVerificationException(
            "certificate " + c.getSubjectX500Principal().getName() + " is not valid at " + now);
      }
    }
  }

  private static void requirePresent(boolean present, String what) throws TdxVerificationException {
    if (!present) {
      throw new TdxVerificationException("collateral missing: " + what);
    }
  }

  /** A P-256 public key from x‖y; BouncyCastle rejects points not on the curve. */
  static PublicKey p256(byte[] xy) throws TdxVerificationException {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC", Certificates.BC);
      params.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
      ECPoint w =
          new ECPoint(
              new BigInteger(1, Arrays.copyOfRange(xy, 0, 32)),
              new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
      return KeyFactory.getInstance("EC", Certificates.BC)
          .generatePublic(new ECPublicKeySpec(w, spec));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new TdxVerificationException("attestation key is not a P-256 point", e);
    }
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
