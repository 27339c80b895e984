package dev.incognito.inference.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * A device's primary context, current on the thread that opened it. Device calls through the
 * handles it creates must run on a thread where it is current ({@link #makeCurrent()}). Closing
 * releases the primary context; buffers, streams and modules must be closed first.
 */
public final class Context implements AutoCloseable {
  private final int device;
  private final Pointer handle;
  private boolean closed;

  Context(int device, Pointer handle) {
    this.device = device;
    this.handle = handle;
  }

  /** Makes this context current on the calling thread. */
  public void makeCurrent() {
    Cuda.check(Cuda.lib().cuCtxSetCurrent(handle), "cuCtxSetCurrent");
  }

  /** The device's ordinal. */
  public int device() {
    return device;
  }

  /** Free and total device memory in bytes, {@code [free, total]}. */
  public long[] memoryInfo() {
    LongByReference free = new LongByReference();
    LongByReference total = new LongByReference();
    Cuda.check(Cuda.lib().cuMemGetInfo_v2(free, total), "cuMemGetInfo");
    return new long[] {free.getValue(), total.getValue()};
  }

  /** {@code bytes} (> 0) of device memory, contents undefined. */
  public DeviceBuffer allocate(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("allocation of " + bytes + " bytes");
    }
    LongByReference ptr = new LongByReference();
    Cuda.check(Cuda.lib().cuMemAlloc_v2(ptr, bytes), "cuMemAlloc");
    return new DeviceBuffer(ptr.getValue(), bytes);
  }

  /**
   * A new blocking stream: its kernels wait for the copies and memsets {@link DeviceBuffer} issues
   * on the legacy default stream (a pageable host-to-device copy may still be in flight when {@code
   * cuMemcpyHtoD} returns), and those wait for its kernels.
   */
  public Stream newStream() {
    PointerByReference s = new PointerByReference();
    Cuda.check(Cuda.lib().cuStreamCreate(s, CudaLibrary.CU_STREAM_DEFAULT), "cuStreamCreate");
    return new Stream(s.getValue());
  }

  /** Loads a PTX image (NUL-terminated here) into a module. */
  public Module load(byte[] ptx) {
    Memory image = new Memory(ptx.length + 1L);
    image.write(0, ptx, 0, ptx.length);
    image.setByte(ptx.length, (byte) 0);
    PointerByReference m = new PointerByReference();
    Cuda.check(Cuda.lib().cuModuleLoadData(m, image), "cuModuleLoadData");
    return new Module(m.getValue());
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Cuda.check(Cuda.lib().cuDevicePrimaryCtxRelease_v2(device), "cuDevicePrimaryCtxRelease");
    }
  }
}
