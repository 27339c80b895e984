package dev.incognito.gateway.attestation;

import dev.incognito.protocol.bundle.BundleClaims;
import java.util.Objects;

/**
 * Claims and the evidence whose REPORT_DATA is their {@link BundleClaims#reportData()}.
 *
 * @param claims what the evidence vouches for
 * @param evidence the report and its certificates
 * @param manifest what the simulated MEASUREMENT was computed from
 */
public record AttestedBundle(BundleClaims claims, Evidence evidence, SoftwareManifest manifest) {
  public AttestedBundle {
    Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(manifest, "manifest");
  }
}
