package dev.incognito.client.attestation;

import dev.incognito.client.bundle.BundleException;
import dev.incognito.client.bundle.GatewayBundle;
import dev.incognito.protocol.attestation.Certificates;
import dev.incognito.protocol.attestation.snp.SnpPolicy;
import dev.incognito.protocol.attestation.snp.SnpVerification;
import dev.incognito.protocol.attestation.snp.SnpVerificationException;
import dev.incognito.protocol.attestation.snp.SnpVerifier;
import dev.incognito.protocol.bundle.BundleClaims;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies the gateway's bundle ({@code GET /gateway/bundle}) before anything is sent, failing
 * closed. The checks, in order:
 *
 * <ol>
 *   <li><b>bundle</b>: it parses and lists the key configurations, receipt key, model and policy
 *       digests and issue time ({@link GatewayBundle});
 *   <li><b>claims REPORT_DATA</b>: the stated {@code report_data} is SHA-512 of the claims'
 *       canonical encoding ({@link BundleClaims});
 *   <li><b>served key configurations</b> (when given): the gateway's {@code ohttp-keys} are the
 *       bundle's;
 *   <li><b>evidence</b>: there is SEV-SNP evidence;
 *   <li><b>trusted root</b>: the chain's root is a pinned AMD ARK, or the simulated root the person
 *       named ({@link RootTrust}); an unnamed simulated root fails here;
 *   <li><b>signature chain</b>: ARK → ASK/ASVK → VCEK/VLEK → report, certificate validity, the
 *       VCEK's TCB and chip binding, debugging off ({@link SnpVerifier});
 *   <li><b>REPORT_DATA binding</b>: the report's REPORT_DATA is SHA-512 of the claims;
 *   <li><b>measurement</b>: MEASUREMENT is one of the pinned values, when any are pinned.
 * </ol>
 *
 * With a simulated root every check is marked SIMULATED: such evidence proves nothing about
 * hardware.
 */
public final class BundleVerifier {

  private static final HexFormat HEX = HexFormat.of();

  private final RootTrust trust;
  private final Set<String> measurements;
  private final Clock clock;

  /**
   * @param trust the roots trusted
   * @param measurements allowed MEASUREMENT values (hex, 48 bytes each); empty allows any
   */
  public BundleVerifier(RootTrust trust, Set<String> measurements, Clock clock) {
    this.trust = Objects.requireNonNull(trust, "trust");
    this.measurements =
        measurements.stream()
            .map(
                m -> {
                  byte[] b = HEX.parseHex(m.strip().toLowerCase(Locale.ROOT));
                  if (b.length != 48) {
                    throw new IllegalArgumentException("a measurement has 48 bytes: " + m);
                  }
                  return HEX.formatHex(b);
                })
            .collect(Collectors.toUnmodifiableSet());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** AMD's roots only, any measurement, the system clock. */
  public static BundleVerifier vendor() {
    return new BundleVerifier(RootTrust.vendor(), Set.of(), Clock.systemUTC());
  }

  public RootTrust trust() {
    return trust;
  }

  /**
   * Verifies a bundle.
   *
   * @param bundleJson the body of {@code GET /gateway/bundle}
   * @param servedKeys the gateway's {@code application/ohttp-keys} body, when fetched, to compare
   *     with the bundle's
   * @throws BundleVerificationException naming the first check that failed, with every step so far
   */
  public BundleVerification verify(byte[] bundleJson, Optional<byte[]> servedKeys)
      throws BundleVerificationException {
    Steps s = new Steps(trust.allowsSimulated());

    // 1. bundle
    GatewayBundle bundle;
    JsonObject json;
    try {
      bundle = GatewayBundle.parse(bundleJson);
      try (var r =
          Json.createReader(new StringReader(new String(bundleJson, StandardCharsets.UTF_8)))) {
        json = r.readObject();
      }
    } catch (BundleException | JsonException e) {
      throw s.fail("bundle", e.getMessage(), e);
    }
    if (bundle.ohttpKeys().isEmpty()) {
      throw s.fail(
          "bundle", "it lists no key configurations, so its REPORT_DATA cannot be recomputed");
    }
    BundleClaims claims =
        new BundleClaims(
            bundle.ohttpKeys().get(),
            bundle.receiptKey(),
            bundle.modelSha256(),
            bundle.policySha256(),
            bundle.issuedAt());
    byte[] reportData = claims.reportData();
    s.pass(
        "bundle",
        "receipt key "
            + short16(bundle.receiptKeyId())
            + ", model sha256 "
            + short16(HEX.formatHex(bundle.modelSha256()))
            + ", policy sha256 "
            + short16(HEX.formatHex(bundle.policySha256()))
            + ", issued at "
            + bundle.issuedAt());

    // 2. claims REPORT_DATA
    String expected = "SHA-512(claims) = " + short16(HEX.formatHex(reportData));
    if (bundle.reportData().isEmpty()) {
      s.pass("claims REPORT_DATA", expected + "; the bundle states none (recomputed here)");
    } else if (!MessageDigest.isEqual(reportData, bundle.reportData().get())) {
      throw s.fail(
          "claims REPORT_DATA",
          expected + " but the bundle states " + short16(HEX.formatHex(bundle.reportData().get())));
    } else {
      s.pass("claims REPORT_DATA", expected + ", as the bundle states");
    }

    // 3. served key configurations
    if (servedKeys.isPresent()) {
      if (!MessageDigest.isEqual(servedKeys.get(), bundle.ohttpKeys().get())) {
        throw s.fail(
            "served key configurations",
            "the gateway's ohttp-keys ("
                + servedKeys.get().length
                + " bytes) are not the bundle's ("
                + bundle.ohttpKeys().get().length
                + " bytes)");
      }
      s.pass("served key configurations", "the gateway's ohttp-keys are the bundle's");
    }

    // 4. evidence
    BundleEvidence evidence;
    try {
      evidence =
          BundleEvidence.of(json)
              .orElseThrow(
                  () -> new IllegalArgumentException("the bundle carries no evidence (null)"));
    } catch (IllegalArgumentException e) {
      throw s.fail("evidence", e.getMessage(), e);
    }
    if (!BundleEvidence.SEV_SNP.equals(evidence.type())) {
      throw s.fail("evidence", "type '" + evidence.type() + "' is not " + BundleEvidence.SEV_SNP);
    }
    s.pass(
        "evidence",
        "SEV-SNP report of "
            + evidence.report().length
            + " bytes with "
            + evidence.certificates().size()
            + " certificates; the gateway says its origin is "
            + (evidence.claimedOrigin().isEmpty() ? "(unstated)" : evidence.claimedOrigin()));

    // 5. trusted root
    SnpVerifier verifier = chooseVerifier(evidence, s);

    // 6. signature chain
    SnpVerification v;
    try {
      v =
          verifier
              .withClock(clock)
              .verify(evidence.report(), evidence.certificates(), SnpPolicy.strict());
    } catch (SnpVerificationException | RuntimeException e) {
      throw s.fail("signature chain", e.getMessage(), e);
    }
    s.pass(
        "signature chain",
        "ARK "
            + cn(v.root())
            + " (sha256 "
            + short16(Certificates.sha256Fingerprint(v.root()))
            + ") → "
            + v.signingKey()
            + " "
            + cn(v.endorsementKey())
            + " → report signature; "
            + v.product()
            + ", reported TCB "
            + v.reportedTcb()
            + ", debugging off, origin "
            + v.origin());

    // 7. REPORT_DATA binding
    byte[] inReport = v.report().reportData();
    if (!MessageDigest.isEqual(inReport, reportData)) {
      throw s.fail(
          "REPORT_DATA binding",
          "the report's REPORT_DATA "
              + short16(HEX.formatHex(inReport))
              + " is not SHA-512(claims) "
              + short16(HEX.formatHex(reportData))
              + ": the evidence vouches for other claims");
    }
    s.pass(
        "REPORT_DATA binding",
        "the report's REPORT_DATA equals SHA-512(claims) " + short16(HEX.formatHex(reportData)));

    // 8. measurement
    String measurement = HEX.formatHex(v.report().measurement());
    if (measurements.isEmpty()) {
      s.pass(
          "measurement",
          "MEASUREMENT " + measurement + " (not pinned: any accepted; pin with --measurement)");
    } else if (!measurements.contains(measurement)) {
      throw s.fail(
          "measurement",
          "MEASUREMENT " + measurement + " is none of the " + measurements.size() + " pinned");
    } else {
      s.pass("measurement", "MEASUREMENT " + measurement + " is pinned");
    }
    return new BundleVerification(bundle, v, s.checks);
  }

  private SnpVerifier chooseVerifier(BundleEvidence evidence, Steps s)
      throws BundleVerificationException {
    Optional<X509Certificate> served =
        evidence
            .simulatedRoot()
            .or(
                () ->
                    evidence.certificates().stream()
                        .filter(BundleVerifier::isSelfIssued)
                        .filter(c -> !isAmdRoot(c))
                        .findFirst());
    boolean simulatedEvidence =
        served.isPresent() || "SIMULATED".equalsIgnoreCase(evidence.claimedOrigin());
    if (!simulatedEvidence) {
      s.unmark();
      s.pass("trusted root", "AMD's pinned ARKs (Milan, Genoa, Turin)");
      return SnpVerifier.amd();
    }
    String servedFp =
        served.map(c -> "sha256 " + Certificates.sha256Fingerprint(c)).orElse("(not served)");
    switch (trust.kind()) {
      case VENDOR ->
          throw s.failPlain(
              "trusted root",
              "the evidence chains to a SIMULATED root ("
                  + servedFp
                  + "), which is not trusted: it proves nothing about hardware; accept it for a"
                  + " demo only with --trust-simulated-root FILE or its SHA-256 fingerprint");
      case ROOT -> {
        X509Certificate root = trust.root().orElseThrow();
        s.pass(
            "trusted root",
            "the simulated root from "
                + trust.source()
                + " (sha256 "
                + Certificates.sha256Fingerprint(root)
                + "), as the person asked; the bundle serves "
                + servedFp);
        return SnpVerifier.trusting(root);
      }
      case FINGERPRINT -> {
        String fp = trust.fingerprint().orElseThrow();
        Optional<X509Certificate> match =
            served.filter(c -> Certificates.sha256Fingerprint(c).equals(fp));
        if (match.isEmpty()) {
          throw s.fail(
              "trusted root",
              "the bundle's simulated root is " + servedFp + ", not the fingerprint given " + fp);
        }
        s.pass("trusted root", "the served simulated root matches the fingerprint given " + fp);
        return SnpVerifier.trusting(match.get());
      }
      case LOCAL_DEMO -> {
        Optional<X509Certificate> root = trust.root().or(() -> served);
        if (root.isEmpty()) {
          throw s.fail("trusted root", "the local demo server serves no simulated root");
        }
        s.pass(
            "trusted root",
            "trusting the local demo server's simulated root (sha256 "
                + Certificates.sha256Fingerprint(root.get())
                + ") from "
                + trust.source()
                + (trust.root().isPresent() ? "" : " (demo mode only)"));
        try {
          return SnpVerifier.trusting(root.get());
        } catch (IllegalArgumentException e) {
          throw s.fail("trusted root", e.getMessage(), e);
        }
      }
      default -> throw new IllegalStateException("unknown trust kind");
    }
  }

  private static boolean isSelfIssued(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }

  private static boolean isAmdRoot(X509Certificate c) {
    return SnpVerifier.amdRoots().stream().anyMatch(a -> Certificates.sameCertificate(a, c));
  }

  private static String cn(X509Certificate c) {
    String dn = c.getSubjectX500Principal().getName();
    for (String part : dn.split(",")) {
      if (part.strip().startsWith("CN=")) {
        return part.strip().substring(3);
      }
    }
    return dn;
  }

  private static String short16(String hex) {
    return hex.length() <= 16 ? hex : hex.substring(0, 16) + "…";
  }

  /** The report being built; every line marked SIMULATED once a simulated root may be used. */
  private static final class Steps {
    final List<Check> checks = new ArrayList<>();
    boolean simulated;

    Steps(boolean simulated) {
      this.simulated = simulated;
    }

    /** The evidence is not simulated after all: no line says SIMULATED. */
    void unmark() {
      simulated = false;
      checks.replaceAll(c -> new Check(c.name(), c.compared(), c.passed(), false));
    }

    void pass(String name, String compared) {
      checks.add(new Check(name, compared, true, simulated));
    }

    BundleVerificationException fail(String name, String compared) {
      return fail(name, compared, null);
    }

    BundleVerificationException fail(String name, String compared, Throwable cause) {
      checks.add(new Check(name, compared == null ? "(no detail)" : compared, false, simulated));
      return new BundleVerificationException(checks, cause);
    }

    /** A failure line without the SIMULATED mark (the root was refused, nothing trusted it). */
    BundleVerificationException failPlain(String name, String compared) {
      checks.add(new Check(name, compared, false, false));
      return new BundleVerificationException(checks, null);
    }
  }
}
