package dev.incognito.inference.cuda;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** A loaded PTX module; its kernels are valid until {@link #close()}. */
public final class Module implements AutoCloseable {
  private final Pointer handle;
  private boolean closed;

  Module(Pointer handle) {
    this.handle = handle;
  }

  /** The {@code extern "C"} kernel {@code name}. */
  public Kernel kernel(String name) {
    if (closed) {
      throw new IllegalStateException("module is closed");
    }
    PointerByReference f = new PointerByReference();
    Cuda.check(Cuda.lib().cuModuleGetFunction(f, handle, name), "cuModuleGetFunction " + name);
    return new Kernel(name, f.getValue());
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Cuda.check(Cuda.lib().cuModuleUnload(handle), "cuModuleUnload");
    }
  }
}
