package dev.incognito.inference.cuda;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Entry point to the CUDA driver API. The library is loaded and {@code cuInit} called on first use
 * only; {@link #available()} says whether that worked and a device is present, {@link
 * #unavailableReason()} why not. Nothing here is freed by a finalizer: every handle is an {@code
 * AutoCloseable} its owner closes.
 */
public final class Cuda {
  /** Longest device name read (bytes, {@code cuDeviceGetName}). */
  static final int MAX_NAME = 256;

  private Cuda() {}

  /** Loaded once; either the library or the reason it is unusable. */
  private static final class Holder {
    static final CudaLibrary LIB;
    static final String REASON;

    static {
      CudaLibrary lib = null;
      String reason = null;
      try {
        lib = Native.load("cuda", CudaLibrary.class);
        int r = lib.cuInit(0);
        if (r != 0) {
          reason = "cuInit failed: " + errorName(lib, r) + " (" + r + ")";
        } else {
          IntByReference n = new IntByReference();
          r = lib.cuDeviceGetCount(n);
          if (r != 0) {
            reason = "cuDeviceGetCount failed: " + errorName(lib, r);
          } else if (n.getValue() < 1) {
            reason = "no CUDA device";
          }
        }
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        reason = "libcuda cannot be loaded: " + e.getMessage();
      }
      LIB = reason == null ? lib : null;
      REASON = reason;
    }
  }

  /** Whether libcuda loaded, {@code cuInit} succeeded and at least one device is present. */
  public static boolean available() {
    return Holder.LIB != null;
  }

  /** Why {@link #available()} is false; empty when it is true. */
  public static Optional<String> unavailableReason() {
    return Optional.ofNullable(Holder.REASON);
  }

  /** The loaded library; throws {@link CudaException} naming the reason when unavailable. */
  static CudaLibrary lib() {
    if (Holder.LIB == null) {
      throw new CudaException("CUDA unavailable: " + Holder.REASON, null);
    }
    return Holder.LIB;
  }

  /** The one checker: any non-zero {@code CUresult} of {@code call} becomes a CudaException. */
  static void check(int result, String call) {
    if (result != 0) {
      throw new CudaException(call, result, errorName(Holder.LIB, result));
    }
  }

  private static String errorName(CudaLibrary lib, int result) {
    if (lib == null) {
      return "CUresult " + result;
    }
    PointerByReference name = new PointerByReference();
    if (lib.cuGetErrorName(result, name) != 0 || name.getValue() == null) {
      return "CUresult " + result;
    }
    return name.getValue().getString(0, StandardCharsets.US_ASCII.name());
  }

  /** Number of CUDA devices. */
  public static int deviceCount() {
    IntByReference n = new IntByReference();
    check(lib().cuDeviceGetCount(n), "cuDeviceGetCount");
    return n.getValue();
  }

  /** What the driver reports about device {@code ordinal}. */
  public static DeviceInfo device(int ordinal) {
    CudaLibrary lib = lib();
    IntByReference dev = new IntByReference();
    check(lib.cuDeviceGet(dev, ordinal), "cuDeviceGet");
    int d = dev.getValue();
    byte[] name = new byte[MAX_NAME];
    check(lib.cuDeviceGetName(name, name.length, d), "cuDeviceGetName");
    LongByReference total = new LongByReference();
    check(lib.cuDeviceTotalMem_v2(total, d), "cuDeviceTotalMem");
    return new DeviceInfo(
        ordinal,
        Native.toString(name, StandardCharsets.US_ASCII.name()),
        total.getValue(),
        attribute(d, CudaLibrary.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
        attribute(d, CudaLibrary.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
        attribute(d, CudaLibrary.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
        attribute(d, CudaLibrary.CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE),
        attribute(d, CudaLibrary.CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH));
  }

  private static int attribute(int device, int attribute) {
    IntByReference v = new IntByReference();
    check(lib().cuDeviceGetAttribute(v, attribute, device), "cuDeviceGetAttribute");
    return v.getValue();
  }

  /** Retains device {@code ordinal}'s primary context and makes it current on this thread. */
  public static Context open(int ordinal) {
    CudaLibrary lib = lib();
    IntByReference dev = new IntByReference();
    check(lib.cuDeviceGet(dev, ordinal), "cuDeviceGet");
    PointerByReference ctx = new PointerByReference();
    check(lib.cuDevicePrimaryCtxRetain(ctx, dev.getValue()), "cuDevicePrimaryCtxRetain");
    Pointer handle = ctx.getValue();
    try {
      check(lib.cuCtxSetCurrent(handle), "cuCtxSetCurrent");
    } catch (CudaException e) {
      lib.cuDevicePrimaryCtxRelease_v2(dev.getValue());
      throw e;
    }
    return new Context(dev.getValue(), handle);
  }
}
