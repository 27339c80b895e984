package dev.incognito.inference.cuda;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.FloatByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The CUDA driver API ({@code libcuda}, {@code cuda.h}), only the calls this package makes, with
 * their C names. Every call returns a {@code CUresult}; {@link Cuda#check} turns non-zero into
 * {@link CudaException}. {@code CUdeviceptr} is a 64-bit integer; handles ({@code CUcontext},
 * {@code CUstream}, ...) are opaque pointers. Versioned names are those {@code cuda.h} maps the
 * plain names to.
 */
interface CudaLibrary extends Library {
  int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
  int CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE = 36; // kHz
  int CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH = 37; // bits
  int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
  int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
  int CU_STREAM_DEFAULT = 0;
  int CU_EVENT_DEFAULT = 0;

  int cuInit(int flags);

  int cuGetErrorName(int error, PointerByReference name);

  int cuDeviceGetCount(IntByReference count);

  int cuDeviceGet(IntByReference device, int ordinal);

  int cuDeviceGetName(byte[] name, int len, int device);

  int cuDeviceTotalMem_v2(LongByReference bytes, int device);

  int cuDeviceGetAttribute(IntByReference value, int attribute, int device);

  int cuDevicePrimaryCtxRetain(PointerByReference context, int device);

  int cuDevicePrimaryCtxRelease_v2(int device);

  int cuCtxSetCurrent(Pointer context);

  int cuMemGetInfo_v2(LongByReference free, LongByReference total);

  int cuMemAlloc_v2(LongByReference dptr, long bytes);

  int cuMemFree_v2(long dptr);

  int cuMemcpyHtoD_v2(long dst, Pointer src, long bytes);

  int cuMemcpyDtoH_v2(Pointer dst, long src, long bytes);

  int cuMemsetD8_v2(long dst, byte value, long count);

  int cuStreamCreate(PointerByReference stream, int flags);

  int cuStreamSynchronize(Pointer stream);

  int cuStreamDestroy_v2(Pointer stream);

  int cuEventCreate(PointerByReference event, int flags);

  int cuEventRecord(Pointer event, Pointer stream);

  int cuEventSynchronize(Pointer event);

  int cuEventElapsedTime(FloatByReference ms, Pointer start, Pointer end);

  int cuEventDestroy_v2(Pointer event);

  int cuModuleLoadData(PointerByReference module, Pointer image);

  int cuModuleGetFunction(PointerByReference function, Pointer module, String name);

  int cuModuleUnload(Pointer module);

  int cuLaunchKernel(
      Pointer f,
      int gridX,
      int gridY,
      int gridZ,
      int blockX,
      int blockY,
      int blockZ,
      int sharedMemBytes,
      Pointer stream,
      Pointer kernelParams,
      Pointer extra);
}
