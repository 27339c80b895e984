package dev.incognito.gateway.attestation;

import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.attestation.snp.SnpReport;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SEV-SNP attestation, as served in the bundle's {@code evidence} member:
 *
 * <pre>
 * {"type": "sev-snp", "origin": "SIMULATED" | "VENDOR",
 *  "report": base64 ATTESTATION_REPORT (0x4A0 bytes),
 *  "certificates": [base64 DER, ...]}      VCEK or VLEK first, then ASK/ASVK, ARK when known
 * </pre>
 *
 * Base64 is the standard alphabet with padding (RFC 4648 §4). {@code origin} is what the gateway
 * claims; a device decides the origin itself from the root it trusts.
 *
 * @param origin VENDOR for a real platform, SIMULATED for {@link SimulatedEvidence}
 * @param report the raw report
 * @param certificates DER certificates, endorsement key first
 * @param simulatedRoot the simulated ARK (DER) for a simulated platform, served as {@code
 *     simulated_root} so a person can compare its fingerprint; never a reason to trust it
 */
public record Evidence(
    Origin origin, byte[] report, List<byte[]> certificates, Optional<byte[]> simulatedRoot) {

  /** The {@code type} member: the only evidence format the gateway produces. */
  public static final String TYPE_SEV_SNP = "sev-snp";

  public Evidence {
    Objects.requireNonNull(origin, "origin");
    if (report == null || report.length != SnpReport.SIZE) {
      throw new IllegalArgumentException("an SEV-SNP report has " + SnpReport.SIZE + " bytes");
    }
    report = report.clone();
    certificates = certificates.stream().map(byte[]::clone).toList();
    simulatedRoot = simulatedRoot.map(byte[]::clone);
    if (origin == Origin.VENDOR && simulatedRoot.isPresent()) {
      throw new IllegalArgumentException("vendor evidence carries no simulated root");
    }
  }

  @Override
  public byte[] report() {
    return report.clone();
  }

  @Override
  public List<byte[]> certificates() {
    return certificates.stream().map(byte[]::clone).toList();
  }

  @Override
  public Optional<byte[]> simulatedRoot() {
    return simulatedRoot.map(byte[]::clone);
  }

  /** The bundle's {@code evidence} member (format on this class). */
  public JsonObject toJson() {
    Base64.Encoder b64 = Base64.getEncoder();
    JsonArrayBuilder certs = Json.createArrayBuilder();
    certificates.forEach(c -> certs.add(b64.encodeToString(c)));
    return Json.createObjectBuilder()
        .add("type", TYPE_SEV_SNP)
        .add("origin", origin.name())
        .add("report", b64.encodeToString(report))
        .add("certificates", certs)
        .build();
  }
}
