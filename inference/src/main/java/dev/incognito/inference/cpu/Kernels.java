package dev.incognito.inference.cpu;

import java.util.Objects;

/**
 * The inner loops of the forward pass. Two implementations: a scalar one that runs on any JVM, and
 * one on the Vector API ({@code jdk.incubator.vector}) that exists only where that module is
 * resolved. The Vector API class is loaded reflectively, so a JVM started without {@code
 * --add-modules jdk.incubator.vector} never touches it.
 */
public abstract class Kernels {
  /** System property: {@code false} forces the scalar kernels even where SIMD is available. */
  public static final String SIMD_PROPERTY = "incognito.inference.simd";

  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final Kernels SCALAR = new ScalarKernels();
  private static volatile Kernels vector;

  Kernels() {}

  /** "scalar" or "simd-N" (N float lanes). */
  public abstract String name();

  /** Dot product of row {@code row} of {@code w} with {@code x[xOff .. xOff + w.cols())}. */
  public abstract float dot(Tensor w, int row, float[] x, int xOff);

  /** Dot product of {@code a[aOff ..]} and {@code b[bOff ..]} over {@code n} elements. */
  public abstract float dot(float[] a, int aOff, float[] b, int bOff, int n);

  /** {@code y[yOff + i] += a * x[xOff + i]} for {@code i < n}. */
  public abstract void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n);

  /** Decodes row {@code row} of {@code w} into {@code out[0 .. w.cols())}. */
  public void decodeRow(Tensor w, int row, float[] out) {
    w.dequantizeRow(row, out, 0);
  }

  /**
   * {@code out[b][outIndex] = a[aOff ..] · x[b][0 ..]} over {@code n} elements for {@code b <
   * count}: one pass over {@code a} for several vectors.
   */
  public void dots(
      float[] a, int aOff, float[][] x, int count, int n, float[][] out, int outIndex) {
    for (int b = 0; b < count; b++) {
      out[b][outIndex] = dot(a, aOff, x[b], 0, n);
    }
  }

  /**
   * Whether {@link #dot(Tensor, int, float[], int)} reads {@code type} in place (no row decode).
   */
  abstract boolean dotsInPlace(TensorType type);

  /** The scalar kernels. */
  public static Kernels scalar() {
    return SCALAR;
  }

  /** Whether the Vector API module is resolved in this JVM. */
  public static boolean simdAvailable() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent() && BYTE_BUFFER_LOADS;
  }

  /**
   * Whether this runtime's Vector API still loads from a {@code ByteBuffer}, as the SIMD kernels do
   * (the incubator replaced {@code fromByteBuffer} with {@code fromMemorySegment} in later JDKs;
   * there the scalar kernels run).
   */
  private static final boolean BYTE_BUFFER_LOADS = hasByteBufferLoads();

  private static boolean hasByteBufferLoads() {
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      return false;
    }
    try {
      Class<?> species = Class.forName("jdk.incubator.vector.VectorSpecies");
      Class.forName("jdk.incubator.vector.FloatVector")
          .getMethod(
              "fromByteBuffer",
              species,
              java.nio.ByteBuffer.class,
              int.class,
              java.nio.ByteOrder.class);
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * The Vector API kernels.
   *
   * @throws IllegalStateException where {@link #simdAvailable()} is false
   */
  public static Kernels simd() {
    Kernels k = vector;
    if (k != null) {
      return k;
    }
    if (!simdAvailable()) {
      throw new IllegalStateException(
          VECTOR_MODULE
              + " is not resolved (start the JVM with --add-modules "
              + VECTOR_MODULE
              + ") or this runtime's Vector API has no ByteBuffer loads");
    }
    try {
      k =
          (Kernels)
              Class.forName("dev.incognito.inference.cpu.VectorKernels")
                  .getDeclaredConstructor()
                  .newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Vector API kernels failed to load", e);
    }
    vector = k;
    return k;
  }

  /**
   * SIMD where available and not switched off by {@value #SIMD_PROPERTY}{@code =false}, else
   * scalar.
   */
  public static Kernels preferred() {
    boolean wanted = !"false".equalsIgnoreCase(System.getProperty(SIMD_PROPERTY, "true"));
    return wanted && simdAvailable() ? simd() : scalar();
  }

  static void checkRow(Tensor w, int row, float[] x, int xOff) {
    Objects.checkIndex(row, w.rows());
    Objects.checkFromIndexSize(xOff, w.cols(), x.length);
  }

  @Override
  public String toString() {
    return name();
  }
}
