package dev.incognito.gateway.attestation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the configured TEE can produce evidence ({@link Attestation#checkReady()}). Data: the
 * {@code incognito.gateway.tee} mode, and whether the evidence is simulated. Public facts only (the
 * bundle says the same).
 */
@Readiness
@ApplicationScoped
public class AttestationReadiness implements HealthCheck {

  /** The check's name in {@code /health/ready}. */
  public static final String NAME = "incognito-attestation";

  @Inject Attestation attestation;

  @Override
  public HealthCheckResponse call() {
    TeeMode mode = attestation.mode();
    try {
      attestation.checkReady();
      return HealthCheckResponse.named(NAME)
          .up()
          .withData("tee", mode.configValue())
          .withData("simulated", mode == TeeMode.SIMULATED)
          .build();
    } catch (EvidenceException e) {
      return HealthCheckResponse.named(NAME)
          .down()
          .withData("tee", mode.configValue())
          .withData("reason", "the configured TEE cannot produce evidence")
          .build();
    }
  }
}
