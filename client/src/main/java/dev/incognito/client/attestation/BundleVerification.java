package dev.incognito.client.attestation;

import dev.incognito.client.bundle.GatewayBundle;
import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.attestation.snp.SnpVerification;
import java.util.List;
import java.util.Objects;

/**
 * A bundle whose evidence verified.
 *
 * @param bundle the claims the evidence vouches for
 * @param verification what the SEV-SNP check established
 * @param checks every step, in order, all passed
 */
public record BundleVerification(
    GatewayBundle bundle, SnpVerification verification, List<Check> checks) {

  public BundleVerification {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(verification, "verification");
    checks = List.copyOf(checks);
  }

  /** VENDOR when the chain ends in a pinned AMD ARK; SIMULATED when in a root the person named. */
  public Origin origin() {
    return verification.origin();
  }
}
