package dev.incognito.inference.model;

import dev.incognito.inference.cpu.CpuBackend;
import dev.incognito.inference.cpu.Kernels;

/**
 * How a model is loaded and run.
 *
 * @param threads threads per matrix product, the caller included (1..{@link
 *     CpuBackend#MAX_THREADS})
 * @param simd use the Vector API kernels where {@code jdk.incubator.vector} is resolved; false
 *     forces the scalar kernels
 */
public record LoadOptions(int threads, boolean simd) {
  public LoadOptions {
    if (threads < 1 || threads > CpuBackend.MAX_THREADS) {
      throw new IllegalArgumentException(
          "threads must be 1.." + CpuBackend.MAX_THREADS + ", got " + threads);
    }
  }

  /**
   * One thread per available processor; SIMD unless the system property {@value
   * Kernels#SIMD_PROPERTY} is {@code false}.
   */
  public static LoadOptions defaults() {
    return new LoadOptions(
        Runtime.getRuntime().availableProcessors(),
        !"false".equalsIgnoreCase(System.getProperty(Kernels.SIMD_PROPERTY, "true")));
  }

  /** The same options with {@code threads} threads. */
  public LoadOptions withThreads(int threads) {
    return new LoadOptions(threads, simd);
  }

  /** The same options with SIMD on or off. */
  public LoadOptions withSimd(boolean simd) {
    return new LoadOptions(threads, simd);
  }

  Kernels kernels() {
    return simd && Kernels.simdAvailable() ? Kernels.simd() : Kernels.scalar();
  }
}
