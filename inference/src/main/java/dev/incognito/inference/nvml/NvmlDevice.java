package dev.incognito.inference.nvml;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One GPU as NVML sees it. Handles stay valid while NVML is initialised (the process). */
public final class NvmlDevice {
  private final int index;
  private final Pointer handle;

  NvmlDevice(int index, Pointer handle) {
    this.index = index;
    this.handle = handle;
  }

  Pointer handle() {
    return handle;
  }

  public int index() {
    return index;
  }

  public String name() throws NvmlException {
    byte[] n = new byte[NvmlLibrary.DEVICE_NAME_BUFFER];
    Nvml.check(Nvml.lib().nvmlDeviceGetName(handle, n, n.length), "nvmlDeviceGetName");
    return Native.toString(n, StandardCharsets.US_ASCII.name());
  }

  /** Device memory in bytes: {@code [total, free, used]}. */
  public long[] memory() throws NvmlException {
    NvmlLibrary.NvmlMemory m = new NvmlLibrary.NvmlMemory();
    Nvml.check(Nvml.lib().nvmlDeviceGetMemoryInfo(handle, m), "nvmlDeviceGetMemoryInfo");
    return new long[] {m.total, m.free, m.used};
  }

  /** Percent of the last sample period the GPU ran kernels and the memory was read or written. */
  public int[] utilization() throws NvmlException {
    NvmlLibrary.NvmlUtilization u = new NvmlLibrary.NvmlUtilization();
    Nvml.check(
        Nvml.lib().nvmlDeviceGetUtilizationRates(handle, u), "nvmlDeviceGetUtilizationRates");
    return new int[] {u.gpu, u.memory};
  }

  /**
   * The GPU's attestation report (SPDM measurements signed by the GPU) over the caller's {@code
   * nonce}, with CC on. The report is returned unverified; verifying it against NVIDIA's root is
   * the caller's.
   *
   * @param nonce exactly {@value NvmlLibrary#CC_NONCE_SIZE} bytes, fresh per request
   * @throws NvmlException when CC is off or the driver refuses, or on a size beyond the struct
   */
  public GpuAttestation attestationReport(byte[] nonce) throws NvmlException {
    if (nonce.length != NvmlLibrary.CC_NONCE_SIZE) {
      throw new IllegalArgumentException(
          "nonce must be " + NvmlLibrary.CC_NONCE_SIZE + " bytes, got " + nonce.length);
    }
    NvmlLibrary.NvmlConfComputeGpuAttestationReport r =
        new NvmlLibrary.NvmlConfComputeGpuAttestationReport();
    System.arraycopy(nonce, 0, r.nonce, 0, nonce.length);
    Nvml.check(
        Nvml.lib().nvmlDeviceGetConfComputeGpuAttestationReport(handle, r),
        "nvmlDeviceGetConfComputeGpuAttestationReport");
    byte[] report = bounded(r.attestationReport, r.attestationReportSize, "attestation report");
    byte[] cec =
        r.isCecAttestationReportPresent == 1
            ? bounded(r.cecAttestationReport, r.cecAttestationReportSize, "CEC report")
            : new byte[0];
    return new GpuAttestation(nonce.clone(), report, cec);
  }

  /**
   * The GPU's certificate chain and its attestation certificate chain (PEM as the driver gives).
   */
  public byte[][] certificates() throws NvmlException {
    NvmlLibrary.NvmlConfComputeGpuCertificate c = new NvmlLibrary.NvmlConfComputeGpuCertificate();
    Nvml.check(
        Nvml.lib().nvmlDeviceGetConfComputeGpuCertificate(handle, c),
        "nvmlDeviceGetConfComputeGpuCertificate");
    return new byte[][] {
      bounded(c.certChain, c.certChainSize, "certificate chain"),
      bounded(c.attestationCertChain, c.attestationCertChainSize, "attestation certificate chain")
    };
  }

  /** The first {@code size} bytes of {@code field}; a size the struct cannot hold fails closed. */
  static byte[] bounded(byte[] field, int size, String what) throws NvmlException {
    if (size < 0 || size > field.length) {
      throw new NvmlException(
          what + " of " + size + " bytes exceeds its " + field.length + "-byte field");
    }
    return Arrays.copyOf(field, size);
  }
}
