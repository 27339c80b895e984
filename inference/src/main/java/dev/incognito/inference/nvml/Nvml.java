package dev.incognito.inference.nvml;

import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NVIDIA's management library: device names, memory, utilisation and confidential-computing state
 * and evidence. Loaded and {@code nvmlInit_v2} called on first use; {@link #available()} says
 * whether that worked. NVML stays initialised for the life of the process (its device handles are
 * not freed).
 */
public final class Nvml {

  private Nvml() {}

  private static final class Holder {
    static final NvmlLibrary LIB;
    static final String REASON;

    static {
      NvmlLibrary lib = null;
      String reason = null;
      try {
        lib = Native.load("nvidia-ml", NvmlLibrary.class);
        int r = lib.nvmlInit_v2();
        if (r != 0) {
          reason = "nvmlInit_v2 failed: " + lib.nvmlErrorString(r) + " (" + r + ")";
        }
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        reason = "libnvidia-ml cannot be loaded: " + e.getMessage();
      }
      LIB = reason == null ? lib : null;
      REASON = reason;
    }
  }

  /** Whether libnvidia-ml loaded and initialised. */
  public static boolean available() {
    return Holder.LIB != null;
  }

  /** Why {@link #available()} is false; empty when it is true. */
  public static Optional<String> unavailableReason() {
    return Optional.ofNullable(Holder.REASON);
  }

  static NvmlLibrary lib() throws NvmlException {
    if (Holder.LIB == null) {
      throw new NvmlException("NVML unavailable: " + Holder.REASON);
    }
    return Holder.LIB;
  }

  /** The one checker: any non-zero {@code nvmlReturn_t} of {@code call} becomes NvmlException. */
  static void check(int result, String call) throws NvmlException {
    if (result != 0) {
      throw new NvmlException(call, result, lib().nvmlErrorString(result));
    }
  }

  /** The kernel driver's version, e.g. "570.133.20". */
  public static String driverVersion() throws NvmlException {
    byte[] v = new byte[NvmlLibrary.DRIVER_VERSION_BUFFER];
    check(lib().nvmlSystemGetDriverVersion(v, v.length), "nvmlSystemGetDriverVersion");
    return Native.toString(v, StandardCharsets.US_ASCII.name());
  }

  /** Every device NVML sees, in index order. */
  public static List<NvmlDevice> devices() throws NvmlException {
    IntByReference n = new IntByReference();
    check(lib().nvmlDeviceGetCount_v2(n), "nvmlDeviceGetCount_v2");
    List<NvmlDevice> out = new ArrayList<>(n.getValue());
    for (int i = 0; i < n.getValue(); i++) {
      PointerByReference h = new PointerByReference();
      check(lib().nvmlDeviceGetHandleByIndex_v2(i, h), "nvmlDeviceGetHandleByIndex_v2");
      out.add(new NvmlDevice(i, h.getValue()));
    }
    return out;
  }

  /** The system's confidential-computing state ({@code nvmlSystemGetConfComputeState}). */
  public static ConfComputeState confComputeState() throws NvmlException {
    NvmlLibrary.NvmlConfComputeSystemState s = new NvmlLibrary.NvmlConfComputeSystemState();
    check(lib().nvmlSystemGetConfComputeState(s), "nvmlSystemGetConfComputeState");
    return new ConfComputeState(s.environment, s.ccFeature == 1, s.devToolsMode == 1);
  }
}
