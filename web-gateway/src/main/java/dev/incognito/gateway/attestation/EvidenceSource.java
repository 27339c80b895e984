package dev.incognito.gateway.attestation;

/** Where the gateway's attestation reports come from: the TEE, or a simulation of one. */
public interface EvidenceSource {

  /**
   * Produces a report whose REPORT_DATA is {@code reportData}.
   *
   * @param reportData 64 bytes, {@code BundleClaims.reportData()}
   * @param manifest the deployed software; a simulated platform reports its {@link
   *     SoftwareManifest#measurement()} as MEASUREMENT, a real one measures the launched image
   *     itself and ignores it
   * @throws EvidenceException when the TEE interface is absent or answers something unusable
   */
  Evidence evidence(byte[] reportData, SoftwareManifest manifest) throws EvidenceException;

  /** One line for the start-up log saying what this source is. */
  String describe();
}
