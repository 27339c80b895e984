package dev.incognito.protocol.attestation.snp;

import dev.incognito.protocol.attestation.Certificates;
import dev.incognito.protocol.attestation.Ecdsa;
import dev.incognito.protocol.attestation.Origin;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Verifies SEV-SNP attestation reports: the chain ARK → ASK (or ASVK) → VCEK (or VLEK), each link
 * RSASSA-PSS with SHA-384, the ARK self-signed and one of the trusted roots; the report's ECDSA
 * P-384 SHA-384 signature over bytes 0x000–0x29F under the VCEK/VLEK; the VCEK's hwID against
 * CHIP_ID and its TCB extensions against REPORTED_TCB; then an {@link SnpPolicy}.
 *
 * <p>{@link #amd()} trusts the genuine AMD ARKs for Milan, Genoa and Turin (from AMD's Key
 * Distribution Service, {@code /vcek/v1/{product}/cert_chain} and {@code /vlek/v1/…}) and supplies
 * their ASK and ASVK, so a caller needs only the VCEK or VLEK. {@link #trusting} trusts one root
 * the caller names, such as a simulated platform's; results then say {@link Origin#SIMULATED}
 * unless that root is a pinned AMD ARK.
 */
public final class SnpVerifier {

  /** The pinned KDS chains (ASK or ASVK, then ARK), as resources beside this class. */
  private static final List<String> KDS_CHAINS =
      List.of(
          "ask_ark_milan.pem",
          "ask_ark_milan_vlek.pem",
          "ask_ark_genoa.pem",
          "ask_ark_genoa_vlek.pem",
          "ask_ark_turin_vcek.pem",
          "ask_ark_turin_vlek.pem");

  private static final class Pinned {
    static final List<X509Certificate> ARKS;
    static final List<X509Certificate> INTERMEDIATES;

    static {
      List<X509Certificate> arks = new ArrayList<>();
      List<X509Certificate> inter = new ArrayList<>();
      for (String name : KDS_CHAINS) {
        for (X509Certificate c : Certificates.resource(SnpVerifier.class, name)) {
          List<X509Certificate> into = isSelfIssued(c) ? arks : inter;
          if (into.stream().noneMatch(x -> Certificates.sameCertificate(x, c))) {
            into.add(c);
          }
        }
      }
      ARKS = List.copyOf(arks);
      INTERMEDIATES = List.copyOf(inter);
    }
  }

  private final List<X509Certificate> roots;
  private final List<X509Certificate> intermediates;
  private final Clock clock;

  private SnpVerifier(
      List<X509Certificate> roots, List<X509Certificate> intermediates, Clock clock) {
    this.roots = roots;
    this.intermediates = intermediates;
    this.clock = clock;
  }

  /** A verifier trusting the pinned AMD ARKs, with the system clock. */
  public static SnpVerifier amd() {
    return new SnpVerifier(Pinned.ARKS, Pinned.INTERMEDIATES, Clock.systemUTC());
  }

  /**
   * A verifier trusting only {@code root}, a self-signed RSA certificate in the ARK's role. The
   * ASK/ASVK must then come with the evidence.
   */
  public static SnpVerifier trusting(X509Certificate root) {
    Objects.requireNonNull(root);
    if (!isSelfIssued(root) || !Certificates.isSignedBy(root, root.getPublicKey())) {
      throw new IllegalArgumentException("a trusted root must be self-signed");
    }
    return new SnpVerifier(List.of(root), List.of(), Clock.systemUTC());
  }

  /** This verifier, checking certificate validity at {@code clock}'s instant. */
  public SnpVerifier withClock(Clock clock) {
    return new SnpVerifier(roots, intermediates, Objects.requireNonNull(clock));
  }

  /** The pinned AMD ARK certificates (Milan, Genoa, Turin). */
  public static List<X509Certificate> amdRoots() {
    return Pinned.ARKS;
  }

  /**
   * Verifies {@code report} against {@code certificates} (the VCEK or VLEK, and any of ASK, ASVK,
   * ARK; in any order) and {@code policy}.
   *
   * @throws SnpVerificationException naming the first check that failed
   */
  public SnpVerification verify(byte[] report, List<X509Certificate> certificates, SnpPolicy policy)
      throws SnpVerificationException {
    SnpReport r = SnpReport.parse(report);
    if (certificates.size() > Certificates.MAX_CERTIFICATES) {
      throw new SnpVerificationException(
          "more than " + Certificates.MAX_CERTIFICATES + " certificates");
    }
    if (r.chipKeyMasked()) {
      throw new SnpVerificationException("MASK_CHIP_KEY is set: the report carries no signature");
    }

    // 1. The endorsement key: the P-384 certificate whose key verifies the report signature.
    X509Certificate vek = null;
    boolean sawEcKey = false;
    for (X509Certificate c : certificates) {
      if (c.getPublicKey() instanceof ECPublicKey ec
          && ec.getParams().getCurve().getField().getFieldSize() == 384) {
        sawEcKey = true;
        if (Ecdsa.verify(
            c.getPublicKey(), "SHA384withECDSA", r.signedBytes(), r.signatureR(), r.signatureS())) {
          vek = c;
          break;
        }
      }
    }
    String keyName = r.signingKey().name();
    if (!sawEcKey) {
      throw new SnpVerificationException("no " + keyName + " certificate (EC P-384) was supplied");
    }
    if (vek == null) {
      throw new SnpVerificationException(
          "report signature does not verify under the supplied " + keyName);
    }

    // 2. ASK or ASVK: issued the VEK, signed with RSASSA-PSS.
    List<X509Certificate> candidates = new ArrayList<>();
    for (X509Certificate c : certificates) {
      if (c.getPublicKey() instanceof RSAPublicKey && !isSelfIssued(c)) {
        candidates.add(c);
      }
    }
    candidates.addAll(intermediates);
    X509Certificate ask = issuerOf(vek, candidates);
    if (ask == null) {
      throw new SnpVerificationException(
          keyName + " certificate is not signed by any supplied or pinned ASK/ASVK");
    }
    boolean askIsVlekSigner = commonName(ask).toUpperCase(java.util.Locale.ROOT).contains("VLEK");
    if (r.signingKey() == SnpReport.SigningKey.VLEK && !askIsVlekSigner) {
      throw new SnpVerificationException(
          "report is signed by a VLEK but its issuer is not an ASVK");
    }
    if (r.signingKey() == SnpReport.SigningKey.VCEK && askIsVlekSigner) {
      throw new SnpVerificationException("report is signed by a VCEK but its issuer is an ASVK");
    }

    // 3. ARK: self-signed, trusted, issued the ASK.
    X509Certificate ark = issuerOf(ask, roots);
    if (ark == null) {
      throw new SnpVerificationException(
          "ASK " + commonName(ask) + " is not signed by a trusted ARK");
    }
    if (!Certificates.isSignedBy(ark, ark.getPublicKey())) {
      throw new SnpVerificationException("ARK self-signature does not verify");
    }
    checkPss(ask, "ASK");
    checkPss(vek, keyName);

    Instant now = clock.instant();
    for (X509Certificate c : List.of(ark, ask, vek)) {
      if (!Certificates.isValidAt(c, now)) {
        throw new SnpVerificationException(
            "certificate " + commonName(c) + " is not valid at " + now);
      }
    }

    // 4. Product, then the VEK's binding to this chip and this TCB.
    Product product = productOf(ark, vek);
    Optional<Product> cpu = r.cpuidProduct();
    if (cpu.isPresent() && cpu.get() != product) {
      throw new SnpVerificationException(
          "report CPUID says " + cpu.get() + " but the chain is for " + product);
    }
    TcbVersion reported = TcbVersion.decode(r.reportedTcbRaw(), product);
    checkTcbExtensions(vek, reported, product, keyName);
    if (r.signingKey() == SnpReport.SigningKey.VCEK) {
      byte[] hwId =
          VcekExtensions.hwId(vek)
              .orElseThrow(() -> new SnpVerificationException("VCEK has no hwID extension"));
      byte[] chip = r.chipId();
      int n = product == Product.TURIN ? 8 : 64;
      if (hwId.length != n || !MessageDigest.isEqual(hwId, Arrays.copyOf(chip, n))) {
        throw new SnpVerificationException("VCEK hwID does not match the report's CHIP_ID");
      }
    } else if (!VcekExtensions.hasCspId(vek)) {
      throw new SnpVerificationException("VLEK has no CSP ID extension");
    }

    // 5. The caller's policy.
    policy.check(r, reported);

    Origin origin =
        Pinned.ARKS.stream().anyMatch(a -> Certificates.sameCertificate(a, ark))
            ? Origin.VENDOR
            : Origin.SIMULATED;
    return new SnpVerification(r, product, reported, vek, ark, origin);
  }

  private static void checkPss(X509Certificate c, String role) throws SnpVerificationException {
    // RSASSA-PSS (1.2.840.113549.1.1.10); the parameters (SHA-384, MGF1-SHA-384, salt 48) were
    // used by the successful signature check.
    if (!"1.2.840.113549.1.1.10".equals(c.getSigAlgOID())) {
      throw new SnpVerificationException(
          role + " certificate is not signed with RSASSA-PSS (" + c.getSigAlgName() + ")");
    }
  }

  private static void checkTcbExtensions(
      X509Certificate vek, TcbVersion reported, Product product, String keyName)
      throws SnpVerificationException {
    checkSpl(vek, VcekExtensions.BL_SPL, "blSPL", reported.bootloader(), keyName);
    checkSpl(vek, VcekExtensions.TEE_SPL, "teeSPL", reported.tee(), keyName);
    checkSpl(vek, VcekExtensions.SNP_SPL, "snpSPL", reported.snp(), keyName);
    checkSpl(vek, VcekExtensions.UCODE_SPL, "ucodeSPL", reported.microcode(), keyName);
    if (product == Product.TURIN) {
      checkSpl(vek, VcekExtensions.FMC_SPL, "fmcSPL", reported.fmc(), keyName);
    }
  }

  private static void checkSpl(
      X509Certificate vek, String oid, String name, int reported, String keyName)
      throws SnpVerificationException {
    int spl = VcekExtensions.spl(vek, oid);
    if (spl < 0) {
      throw new SnpVerificationException(keyName + " has no valid " + name + " extension");
    }
    if (spl != reported) {
      throw new SnpVerificationException(
          keyName + " " + name + " " + spl + " does not match REPORTED_TCB's " + reported);
    }
  }

  private static Product productOf(X509Certificate ark, X509Certificate vek)
      throws SnpVerificationException {
    Optional<Product> fromArk = Product.fromName(commonName(ark));
    Optional<Product> fromVek = VcekExtensions.productName(vek).flatMap(Product::fromName);
    if (fromArk.isPresent() && fromVek.isPresent() && fromArk.get() != fromVek.get()) {
      throw new SnpVerificationException(
          "ARK is for " + fromArk.get() + " but the endorsement key is for " + fromVek.get());
    }
    return fromArk
        .or(() -> fromVek)
        .orElseThrow(
            () -> new SnpVerificationException("cannot tell the product from the ARK or the VCEK"));
  }

  /** The certificate among {@code candidates} named as and verifying as the issuer of {@code c}. */
  private static X509Certificate issuerOf(X509Certificate c, List<X509Certificate> candidates) {
    for (X509Certificate i : candidates) {
      if (i.getSubjectX500Principal().equals(c.getIssuerX500Principal())
          && Certificates.isSignedBy(c, i.getPublicKey())) {
        return i;
      }
    }
    return null;
  }

  private static boolean isSelfIssued(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }

  static String commonName(X509Certificate c) {
    X500Principal p = c.getSubjectX500Principal();
    X500Name name = X500Name.getInstance(p.getEncoded());
    var rdns = name.getRDNs(BCStyle.CN);
    return rdns.length == 0 ? p.getName() : IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }
}
