package dev.incognito.inference.engine;

/** Where the forward pass runs. */
public enum Backend {
  /** The best available: CUDA when a usable GPU and the CUDA backend are present, else CPU. */
  AUTO,
  /** Java vector kernels on the CPU. */
  CPU,
  /** The CUDA driver API through JNA. */
  CUDA
}
