package dev.incognito.client.attestation;

import dev.incognito.protocol.attestation.simulated.SimulatedSnp;
import dev.incognito.protocol.bundle.BundleClaims;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bundles as the gateway serves them with {@code incognito.gateway.tee=simulated}: claims, their
 * REPORT_DATA, and a report from one simulated platform (generated once per test run).
 */
public final class SimulatedBundles {

  private static SimulatedSnp platform;

  private SimulatedBundles() {}

  /** The shared simulated platform (RSA-4096 generation takes seconds, so once). */
  public static synchronized SimulatedSnp platform() {
    if (platform == null) {
      platform = SimulatedSnp.generate(new SecureRandom());
    }
    return platform;
  }

  /** The bundle JSON for {@code claims}, its evidence made for {@code reportedClaims}. */
  public static byte[] bundle(
      SimulatedSnp snp, BundleClaims claims, BundleClaims reportedClaims, byte[] measurement) {
    return bundle(claims, snp.report(reportedClaims.reportData(), measurement), snp);
  }

  /** The bundle JSON for {@code claims} with {@code report} as its evidence. */
  public static byte[] bundle(BundleClaims claims, byte[] report, SimulatedSnp snp) {
    HexFormat hex = HexFormat.of();
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    Base64.Encoder b64 = Base64.getEncoder();
    JsonArrayBuilder certs = Json.createArrayBuilder();
    try {
      for (X509Certificate c : snp.certificates()) {
        certs.add(b64.encodeToString(c.getEncoded()));
      }
      JsonObjectBuilder o =
          Json.createObjectBuilder()
              .add("version", 1)
              .add(
                  "claims",
                  Json.createObjectBuilder()
                      .add("ohttp_keys", url.encodeToString(claims.ohttpKeys()))
                      .add("receipt_key", url.encodeToString(claims.receiptKey()))
                      .add("model_sha256", hex.formatHex(claims.modelSha256()))
                      .add("policy_sha256", hex.formatHex(claims.policySha256()))
                      .add("issued_at", claims.issuedAt()))
              .add("report_data", hex.formatHex(claims.reportData()))
              .add(
                  "evidence",
                  Json.createObjectBuilder()
                      .add("type", "sev-snp")
                      .add("origin", "SIMULATED")
                      .add("report", b64.encodeToString(report))
                      .add("certificates", certs))
              .add("simulated_root", b64.encodeToString(snp.root().getEncoded()));
      return o.build().toString().getBytes(StandardCharsets.UTF_8);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
