package dev.incognito.inference.nvml;

/**
 * Evidence from {@code nvmlDeviceGetConfComputeGpuAttestationReport}, unverified.
 *
 * @param nonce the caller's 32-byte nonce the report binds
 * @param report the SPDM attestation report
 * @param cecReport the CEC (Hopper's attestation co-processor) report; empty when absent
 */
public record GpuAttestation(byte[] nonce, byte[] report, byte[] cecReport) {
  public GpuAttestation {
    nonce = nonce.clone();
    report = report.clone();
    cecReport = cecReport.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] report() {
    return report.clone();
  }

  @Override
  public byte[] cecReport() {
    return cecReport.clone();
  }
}
