package dev.incognito.inference.cuda;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.FloatByReference;
import com.sun.jna.ptr.PointerByReference;

/** A CUDA stream: kernels launched on it run in order. */
public final class Stream implements AutoCloseable {
  private final Pointer handle;
  private boolean closed;

  Stream(Pointer handle) {
    this.handle = handle;
  }

  Pointer handle() {
    if (closed) {
      throw new IllegalStateException("stream is closed");
    }
    return handle;
  }

  /** Waits until all work on the stream has finished. */
  public void synchronize() {
    Cuda.check(Cuda.lib().cuStreamSynchronize(handle()), "cuStreamSynchronize");
  }

  /** Device time (ms) of the work {@code work} enqueues on this stream, between two events. */
  public float time(Runnable work) {
    CudaLibrary lib = Cuda.lib();
    PointerByReference start = new PointerByReference();
    PointerByReference end = new PointerByReference();
    Cuda.check(lib.cuEventCreate(start, CudaLibrary.CU_EVENT_DEFAULT), "cuEventCreate");
    try {
      Cuda.check(lib.cuEventCreate(end, CudaLibrary.CU_EVENT_DEFAULT), "cuEventCreate");
      try {
        Cuda.check(lib.cuEventRecord(start.getValue(), handle()), "cuEventRecord");
        work.run();
        Cuda.check(lib.cuEventRecord(end.getValue(), handle()), "cuEventRecord");
        Cuda.check(lib.cuEventSynchronize(end.getValue()), "cuEventSynchronize");
        FloatByReference ms = new FloatByReference();
        Cuda.check(
            lib.cuEventElapsedTime(ms, start.getValue(), end.getValue()), "cuEventElapsedTime");
        return ms.getValue();
      } finally {
        lib.cuEventDestroy_v2(end.getValue());
      }
    } finally {
      lib.cuEventDestroy_v2(start.getValue());
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Cuda.check(Cuda.lib().cuStreamDestroy_v2(handle), "cuStreamDestroy");
    }
  }
}
