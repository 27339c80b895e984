package dev.incognito.inference.cuda;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A block of device memory ({@code cuMemAlloc}), freed by {@link #close()} only. Copies are
 * synchronous ({@code cuMemcpyHtoD}/{@code DtoH}). Offsets and lengths are bytes.
 */
public final class DeviceBuffer implements AutoCloseable {
  /** Host staging size for copies from heap buffers (bytes). */
  static final int STAGING = 64 << 20;

  private final long address;
  private final long bytes;
  private boolean closed;

  DeviceBuffer(long address, long bytes) {
    this.address = address;
    this.bytes = bytes;
  }

  /** The device address ({@code CUdeviceptr}) of byte {@code offset}. */
  public long address(long offset) {
    check(offset, 0);
    return address + offset;
  }

  public long bytes() {
    return bytes;
  }

  private void check(long offset, long length) {
    if (closed) {
      throw new IllegalStateException("device buffer is closed");
    }
    Objects.checkFromIndexSize(offset, length, bytes);
  }

  /** Copies {@code src} (position to limit) to byte {@code offset}; the position is unchanged. */
  public void write(long offset, ByteBuffer src) {
    int n = src.remaining();
    check(offset, n);
    if (src.isDirect()) {
      Pointer p = Native.getDirectBufferPointer(src).share(src.position());
      Cuda.check(Cuda.lib().cuMemcpyHtoD_v2(address + offset, p, n), "cuMemcpyHtoD");
      return;
    }
    Memory staging = new Memory(Math.min(n, STAGING) + 1L);
    byte[] chunk = new byte[(int) Math.min(n, STAGING)];
    ByteBuffer view = src.duplicate();
    for (long done = 0; done < n; ) {
      int len = (int) Math.min(chunk.length, n - done);
      view.get(chunk, 0, len);
      staging.write(0, chunk, 0, len);
      Cuda.check(Cuda.lib().cuMemcpyHtoD_v2(address + offset + done, staging, len), "cuMemcpyHtoD");
      done += len;
    }
  }

  /** Copies {@code v} to byte {@code offset}. */
  public void write(long offset, float[] v) {
    check(offset, 4L * v.length);
    Memory m = new Memory(Math.max(1, 4L * v.length));
    m.write(0, v, 0, v.length);
    Cuda.check(Cuda.lib().cuMemcpyHtoD_v2(address + offset, m, 4L * v.length), "cuMemcpyHtoD");
  }

  /** Copies {@code v} to byte {@code offset}. */
  public void write(long offset, int[] v) {
    check(offset, 4L * v.length);
    Memory m = new Memory(Math.max(1, 4L * v.length));
    m.write(0, v, 0, v.length);
    Cuda.check(Cuda.lib().cuMemcpyHtoD_v2(address + offset, m, 4L * v.length), "cuMemcpyHtoD");
  }

  /** Copies {@code v} to byte {@code offset}. */
  public void write(long offset, long[] v) {
    check(offset, 8L * v.length);
    Memory m = new Memory(Math.max(1, 8L * v.length));
    m.write(0, v, 0, v.length);
    Cuda.check(Cuda.lib().cuMemcpyHtoD_v2(address + offset, m, 8L * v.length), "cuMemcpyHtoD");
  }

  /** Copies {@code v} to byte {@code offset}. */
  public void write(long offset, double[] v) {
    check(offset, 8L * v.length);
    Memory m = new Memory(Math.max(1, 8L * v.length));
    m.write(0, v, 0, v.length);
    Cuda.check(Cuda.lib().cuMemcpyHtoD_v2(address + offset, m, 8L * v.length), "cuMemcpyHtoD");
  }

  /** Fills {@code out[outOff .. outOff + n)} from byte {@code offset}. */
  public void read(long offset, float[] out, int outOff, int n) {
    check(offset, 4L * n);
    Objects.checkFromIndexSize(outOff, n, out.length);
    Memory m = new Memory(Math.max(1, 4L * n));
    Cuda.check(Cuda.lib().cuMemcpyDtoH_v2(m, address + offset, 4L * n), "cuMemcpyDtoH");
    m.read(0, out, outOff, n);
  }

  /** Fills {@code out} from byte {@code offset}. */
  public void read(long offset, int[] out) {
    check(offset, 4L * out.length);
    Memory m = new Memory(Math.max(1, 4L * out.length));
    Cuda.check(Cuda.lib().cuMemcpyDtoH_v2(m, address + offset, 4L * out.length), "cuMemcpyDtoH");
    m.read(0, out, 0, out.length);
  }

  /** Sets every byte to zero. */
  public void zero() {
    check(0, bytes);
    Cuda.check(Cuda.lib().cuMemsetD8_v2(address, (byte) 0, bytes), "cuMemsetD8");
  }

  /** Frees the memory. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Cuda.check(Cuda.lib().cuMemFree_v2(address), "cuMemFree");
    }
  }
}
