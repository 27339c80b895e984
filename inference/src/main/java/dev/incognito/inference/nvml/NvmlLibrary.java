package dev.incognito.inference.nvml;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * NVML ({@code libnvidia-ml}, {@code nvml.h}): only the calls this package makes, with their C
 * names. Every call returns an {@code nvmlReturn_t}, 0 ({@code NVML_SUCCESS}) on success; {@link
 * Nvml#check} turns anything else into {@link NvmlException}. Struct layouts follow {@code nvml.h}
 * of the R535 and later drivers (confidential computing appeared there).
 */
interface NvmlLibrary extends Library {
  /** {@code NVML_DEVICE_NAME_V2_BUFFER_SIZE}. */
  int DEVICE_NAME_BUFFER = 96;

  /** {@code NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE}. */
  int DRIVER_VERSION_BUFFER = 80;

  /** {@code NVML_CC_GPU_CEC_NONCE_SIZE}. */
  int CC_NONCE_SIZE = 0x20;

  /** {@code NVML_CC_GPU_ATTESTATION_REPORT_SIZE}. */
  int CC_ATTESTATION_REPORT_SIZE = 0x2000;

  /** {@code NVML_CC_GPU_CEC_ATTESTATION_REPORT_SIZE}. */
  int CC_CEC_ATTESTATION_REPORT_SIZE = 0x1000;

  /** {@code NVML_GPU_CERT_CHAIN_SIZE}. */
  int GPU_CERT_CHAIN_SIZE = 0x1000;

  /** {@code NVML_GPU_ATTESTATION_CERT_CHAIN_SIZE}. */
  int GPU_ATTESTATION_CERT_CHAIN_SIZE = 0x1400;

  int nvmlInit_v2();

  String nvmlErrorString(int result);

  int nvmlSystemGetDriverVersion(byte[] version, int length);

  int nvmlDeviceGetCount_v2(IntByReference count);

  int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

  int nvmlDeviceGetName(Pointer device, byte[] name, int length);

  int nvmlDeviceGetMemoryInfo(Pointer device, NvmlMemory memory);

  int nvmlDeviceGetUtilizationRates(Pointer device, NvmlUtilization utilization);

  int nvmlSystemGetConfComputeState(NvmlConfComputeSystemState state);

  int nvmlDeviceGetConfComputeGpuAttestationReport(
      Pointer device, NvmlConfComputeGpuAttestationReport report);

  int nvmlDeviceGetConfComputeGpuCertificate(
      Pointer device, NvmlConfComputeGpuCertificate certificate);

  /** {@code nvmlMemory_t}: bytes. */
  @Structure.FieldOrder({"total", "free", "used"})
  class NvmlMemory extends Structure {
    public long total;
    public long free;
    public long used;
  }

  /** {@code nvmlUtilization_t}: percent over the last sample period. */
  @Structure.FieldOrder({"gpu", "memory"})
  class NvmlUtilization extends Structure {
    public int gpu;
    public int memory;
  }

  /** {@code nvmlConfComputeSystemState_t}. */
  @Structure.FieldOrder({"environment", "ccFeature", "devToolsMode"})
  class NvmlConfComputeSystemState extends Structure {
    public int environment; // NVML_CC_SYSTEM_ENVIRONMENT_{UNAVAILABLE 0, SIM 1, PROD 2}
    public int ccFeature; // NVML_CC_SYSTEM_FEATURE_{DISABLED 0, ENABLED 1}
    public int devToolsMode; // NVML_CC_SYSTEM_DEVTOOLS_MODE_{OFF 0, ON 1}
  }

  /** {@code nvmlConfComputeGpuAttestationReport_t}; the caller fills {@code nonce}. */
  @Structure.FieldOrder({
    "isCecAttestationReportPresent",
    "attestationReportSize",
    "cecAttestationReportSize",
    "nonce",
    "attestationReport",
    "cecAttestationReport"
  })
  class NvmlConfComputeGpuAttestationReport extends Structure {
    public int isCecAttestationReportPresent;
    public int attestationReportSize;
    public int cecAttestationReportSize;
    public byte[] nonce = new byte[CC_NONCE_SIZE];
    public byte[] attestationReport = new byte[CC_ATTESTATION_REPORT_SIZE];
    public byte[] cecAttestationReport = new byte[CC_CEC_ATTESTATION_REPORT_SIZE];
  }

  /** {@code nvmlConfComputeGpuCertificate_t}. */
  @Structure.FieldOrder({
    "certChainSize",
    "attestationCertChainSize",
    "certChain",
    "attestationCertChain"
  })
  class NvmlConfComputeGpuCertificate extends Structure {
    public int certChainSize;
    public int attestationCertChainSize;
    public byte[] certChain = new byte[GPU_CERT_CHAIN_SIZE];
    public byte[] attestationCertChain = new byte[GPU_ATTESTATION_CERT_CHAIN_SIZE];
  }
}
