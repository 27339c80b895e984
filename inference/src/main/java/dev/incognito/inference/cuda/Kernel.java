package dev.incognito.inference.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.ref.Reference;

/**
 * One kernel of a {@link Module}. Arguments are passed by their Java type: {@code Integer} as
 * {@code int}, {@code Long} as a 64-bit value (a {@code CUdeviceptr} or {@code size_t}), {@code
 * Float} as {@code float}, {@code Double} as {@code double}; they must match the kernel's
 * parameters in order.
 */
public final class Kernel {
  private final String name;
  private final Pointer function;

  Kernel(String name, Pointer function) {
    this.name = name;
    this.function = function;
  }

  public String name() {
    return name;
  }

  /** Enqueues the kernel on {@code stream} with {@code geometry}. */
  public void launch(Stream stream, LaunchGeometry geometry, Object... args) {
    Memory values = new Memory(8L * Math.max(1, args.length));
    Memory params = new Memory((long) Native.POINTER_SIZE * Math.max(1, args.length));
    for (int i = 0; i < args.length; i++) {
      long off = 8L * i;
      Object a = args[i];
      if (a instanceof Integer) {
        values.setInt(off, (Integer) a);
      } else if (a instanceof Long) {
        values.setLong(off, (Long) a);
      } else if (a instanceof Float) {
        values.setFloat(off, (Float) a);
      } else if (a instanceof Double) {
        values.setDouble(off, (Double) a);
      } else {
        throw new IllegalArgumentException(name + ": argument " + i + " of unsupported type " + a);
      }
      params.setPointer((long) Native.POINTER_SIZE * i, values.share(off));
    }
    Cuda.check(
        Cuda.lib()
            .cuLaunchKernel(
                function,
                geometry.gridX(),
                geometry.gridY(),
                1,
                geometry.blockX(),
                geometry.blockY(),
                1,
                geometry.sharedBytes(),
                stream.handle(),
                params,
                null),
        "cuLaunchKernel " + name);
    Reference.reachabilityFence(values); // the driver read the arguments during the call
  }
}
