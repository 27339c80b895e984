package dev.incognito.protocol.attestation.snp;

import dev.incognito.protocol.attestation.Origin;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A report that verified: its signature, its chain to a trusted ARK, the endorsement key's binding
 * to the chip and TCB, and the policy.
 *
 * @param report the parsed report
 * @param product the processor generation whose ARK ends the chain
 * @param reportedTcb REPORTED_TCB decoded for {@code product}
 * @param endorsementKey the VCEK or VLEK certificate that signed the report
 * @param root the ARK that ends the chain
 * @param origin {@link Origin#VENDOR} when {@code root} is a pinned AMD ARK, else {@link
 *     Origin#SIMULATED}
 */
public record SnpVerification(
    SnpReport report,
    Product product,
    TcbVersion reportedTcb,
    X509Certificate endorsementKey,
    X509Certificate root,
    Origin origin) {

  public SnpVerification {
    Objects.requireNonNull(report);
    Objects.requireNonNull(product);
    Objects.requireNonNull(reportedTcb);
    Objects.requireNonNull(endorsementKey);
    Objects.requireNonNull(root);
    Objects.requireNonNull(origin);
  }

  /** VCEK or VLEK. */
  public SnpReport.SigningKey signingKey() {
    return report.signingKey();
  }
}
