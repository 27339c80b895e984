package dev.incognito.inference.cuda;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * NVRTC, the CUDA runtime compiler ({@code libnvrtc}, {@code nvrtc.h}): only the calls this package
 * makes. Every call returns an {@code nvrtcResult}, 0 on success. Sizes are {@code size_t}.
 */
interface NvrtcLibrary extends Library {

  int nvrtcCreateProgram(
      PointerByReference prog,
      String src,
      String name,
      int numHeaders,
      Pointer headers,
      Pointer includeNames);

  int nvrtcCompileProgram(Pointer prog, int numOptions, String[] options);

  int nvrtcGetPTXSize(Pointer prog, LongByReference size);

  int nvrtcGetPTX(Pointer prog, byte[] ptx);

  int nvrtcGetProgramLogSize(Pointer prog, LongByReference size);

  int nvrtcGetProgramLog(Pointer prog, byte[] log);

  int nvrtcDestroyProgram(PointerByReference prog);

  String nvrtcGetErrorString(int result);
}
