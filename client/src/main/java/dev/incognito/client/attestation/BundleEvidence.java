package dev.incognito.client.attestation;

import dev.incognito.protocol.attestation.Certificates;
import dev.incognito.protocol.attestation.snp.SnpReport;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The bundle's {@code evidence} member and {@code simulated_root}, as the gateway serves them:
 *
 * <pre>
 * "evidence": {"type": "sev-snp", "origin": "SIMULATED" | "VENDOR",
 *              "report": base64, "certificates": [base64 DER, ...]},
 * "simulated_root": base64 DER        (simulated platforms only)
 * </pre>
 *
 * Nothing here is trusted: {@code origin} and {@code simulated_root} are what the gateway claims.
 *
 * @param type the evidence format; only {@value #SEV_SNP} is understood
 * @param claimedOrigin the gateway's {@code origin}, as served
 * @param report the ATTESTATION_REPORT
 * @param certificates VCEK or VLEK, ASK/ASVK, ARK, as served
 * @param simulatedRoot the {@code simulated_root} the gateway serves, if any
 */
public record BundleEvidence(
    String type,
    String claimedOrigin,
    byte[] report,
    List<X509Certificate> certificates,
    Optional<X509Certificate> simulatedRoot) {

  /** The evidence type of SEV-SNP reports. */
  public static final String SEV_SNP = "sev-snp";

  /** Largest report accepted, bytes: an SEV-SNP report is exactly {@link SnpReport#SIZE}. */
  public static final int MAX_REPORT_BYTES = 8 * 1024;

  /** Largest single certificate accepted, bytes. */
  public static final int MAX_CERTIFICATE_BYTES = 16 * 1024;

  public BundleEvidence {
    report = report.clone();
    certificates = List.copyOf(certificates);
  }

  @Override
  public byte[] report() {
    return report.clone();
  }

  /**
   * Reads the evidence from a parsed bundle; empty when the bundle has none ({@code null} or
   * absent).
   *
   * @throws IllegalArgumentException when the member is malformed (message says which part)
   */
  public static Optional<BundleEvidence> of(JsonObject bundle) {
    JsonValue v = bundle.get("evidence");
    if (v == null || v == JsonValue.NULL) {
      return Optional.empty();
    }
    if (!(v instanceof JsonObject e)) {
      throw new IllegalArgumentException("evidence is not a JSON object");
    }
    String type = string(e, "type");
    String origin = e.get("origin") instanceof JsonString s ? s.getString() : "";
    byte[] report = base64(string(e, "report"), MAX_REPORT_BYTES, "report");
    if (!(e.get("certificates") instanceof JsonArray arr)) {
      throw new IllegalArgumentException("evidence lacks its certificates array");
    }
    if (arr.size() > Certificates.MAX_CERTIFICATES) {
      throw new IllegalArgumentException(
          "evidence has over " + Certificates.MAX_CERTIFICATES + " certificates");
    }
    List<X509Certificate> certs = new ArrayList<>();
    for (JsonValue c : arr) {
      if (!(c instanceof JsonString s)) {
        throw new IllegalArgumentException("a certificate is not a string");
      }
      certs.add(der(base64(s.getString(), MAX_CERTIFICATE_BYTES, "certificate")));
    }
    Optional<X509Certificate> root =
        bundle.get("simulated_root") instanceof JsonString s
            ? Optional.of(der(base64(s.getString(), MAX_CERTIFICATE_BYTES, "simulated_root")))
            : Optional.empty();
    return Optional.of(new BundleEvidence(type, origin, report, certs, root));
  }

  private static String string(JsonObject o, String name) {
    if (!(o.get(name) instanceof JsonString s)) {
      throw new IllegalArgumentException("evidence lacks " + name);
    }
    return s.getString();
  }

  private static byte[] base64(String v, int max, String what) {
    if (v.length() > (max / 3 + 1) * 4 + 4) {
      throw new IllegalArgumentException(what + " exceeds " + max + " bytes");
    }
    try {
      return Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(v);
      } catch (IllegalArgumentException e2) {
        throw new IllegalArgumentException(what + " is not base64", e2);
      }
    }
  }

  private static X509Certificate der(byte[] der) {
    try {
      return Certificates.parseDer(der);
    } catch (CertificateException | RuntimeException e) {
      throw new IllegalArgumentException("a certificate does not parse: " + e.getMessage(), e);
    }
  }
}
