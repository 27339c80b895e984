package dev.incognito.inference.cuda;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Run-time compilation of CUDA C++ to PTX through NVRTC; the library loads on first use. */
public final class Nvrtc {
  /** Longest PTX or compile log accepted (bytes). */
  static final long MAX_OUTPUT = 64L << 20;

  /** Library names tried in order: the development link, then the CUDA 13 and 12 sonames. */
  private static final String[] NAMES = {"nvrtc", "libnvrtc.so.13", "libnvrtc.so.12"};

  private Nvrtc() {}

  private static final class Holder {
    static final NvrtcLibrary LIB;
    static final String REASON;

    static {
      NvrtcLibrary lib = null;
      StringBuilder why = new StringBuilder();
      for (String name : NAMES) {
        try {
          lib = Native.load(name, NvrtcLibrary.class);
          break;
        } catch (UnsatisfiedLinkError e) {
          why.append(name).append(": ").append(e.getMessage()).append("; ");
        }
      }
      LIB = lib;
      REASON = lib == null ? "libnvrtc cannot be loaded: " + why : null;
    }
  }

  /** Whether libnvrtc could be loaded. */
  public static boolean available() {
    return Holder.LIB != null;
  }

  /** Why {@link #available()} is false; empty when it is true. */
  public static Optional<String> unavailableReason() {
    return Optional.ofNullable(Holder.REASON);
  }

  private static NvrtcLibrary lib() {
    if (Holder.LIB == null) {
      throw new CudaException(Holder.REASON, null);
    }
    return Holder.LIB;
  }

  private static void check(int result, String call) {
    if (result != 0) {
      throw new CudaException(call, result, lib().nvrtcGetErrorString(result));
    }
  }

  /**
   * Compiles {@code source} for {@code arch} (e.g. {@code sm_90}) and returns the PTX.
   *
   * @throws CudaException with the compile log when compilation fails
   */
  public static byte[] compile(String source, String name, String arch) {
    NvrtcLibrary lib = lib();
    PointerByReference prog = new PointerByReference();
    check(lib.nvrtcCreateProgram(prog, source, name, 0, null, null), "nvrtcCreateProgram");
    try {
      Pointer p = prog.getValue();
      String[] options = {"--gpu-architecture=" + arch, "--std=c++17"};
      int r = lib.nvrtcCompileProgram(p, options.length, options);
      if (r != 0) {
        throw new CudaException(
            name + ": nvrtcCompileProgram failed: " + lib.nvrtcGetErrorString(r) + "\n" + log(p),
            null);
      }
      LongByReference size = new LongByReference();
      check(lib.nvrtcGetPTXSize(p, size), "nvrtcGetPTXSize");
      if (size.getValue() <= 0 || size.getValue() > MAX_OUTPUT) {
        throw new CudaException(name + ": PTX of " + size.getValue() + " bytes", null);
      }
      byte[] ptx = new byte[(int) size.getValue()];
      check(lib.nvrtcGetPTX(p, ptx), "nvrtcGetPTX");
      int end = ptx.length;
      while (end > 0 && ptx[end - 1] == 0) {
        end--;
      }
      return Arrays.copyOf(ptx, end);
    } finally {
      lib.nvrtcDestroyProgram(prog);
    }
  }

  private static String log(Pointer p) {
    LongByReference size = new LongByReference();
    if (lib().nvrtcGetProgramLogSize(p, size) != 0
        || size.getValue() <= 0
        || size.getValue() > MAX_OUTPUT) {
      return "(no log)";
    }
    byte[] log = new byte[(int) size.getValue()];
    lib().nvrtcGetProgramLog(p, log);
    return new String(log, StandardCharsets.UTF_8).trim();
  }
}
