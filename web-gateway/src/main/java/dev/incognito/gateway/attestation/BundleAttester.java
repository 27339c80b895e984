package dev.incognito.gateway.attestation;

import dev.incognito.protocol.bundle.BundleClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Produces the bundle's claims with their evidence, and keeps them: a report is asked for only when
 * what it vouches for changes (keys rotated, another model or policy, another deployment) or the
 * last one is older than the refresh interval. The claims' issue time is the time of that report,
 * so a device sees the same claims and report until then.
 */
public final class BundleAttester {

  private final EvidenceSource source;
  private final Clock clock;
  private final Duration refresh;

  private BundleClaims lastKey;
  private SoftwareManifest lastManifest;
  private AttestedBundle last;
  private Instant lastAt;

  /**
   * @param refresh longest time a report is served before a fresh one is made
   */
  public BundleAttester(EvidenceSource source, Clock clock, Duration refresh) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("the refresh interval must be positive");
    }
    this.refresh = refresh;
  }

  public EvidenceSource source() {
    return source;
  }

  /**
   * The current attested bundle for these claim values (issue time chosen here).
   *
   * @param ohttpKeys the {@code application/ohttp-keys} body served now
   * @param receiptKey raw Ed25519 public key, 32 bytes
   * @param modelSha256 32 bytes
   * @param policySha256 32 bytes
   * @throws EvidenceException when the source cannot produce a report
   */
  public synchronized AttestedBundle current(
      byte[] ohttpKeys,
      byte[] receiptKey,
      byte[] modelSha256,
      byte[] policySha256,
      SoftwareManifest manifest)
      throws EvidenceException {
    BundleClaims key = new BundleClaims(ohttpKeys, receiptKey, modelSha256, policySha256, 0);
    Instant now = clock.instant();
    if (last != null
        && key.equals(lastKey)
        && manifest.equals(lastManifest)
        && now.isBefore(lastAt.plus(refresh))
        && !now.isBefore(lastAt)) {
      return last;
    }
    BundleClaims claims =
        new BundleClaims(ohttpKeys, receiptKey, modelSha256, policySha256, now.getEpochSecond());
    Evidence evidence = source.evidence(claims.reportData(), manifest);
    last = new AttestedBundle(claims, evidence, manifest);
    lastKey = key;
    lastManifest = manifest;
    lastAt = now;
    return last;
  }
}
