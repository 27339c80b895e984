package dev.incognito.inference.engine;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Which backend runs the forward pass, decided from what was asked and what this machine and model
 * allow. Pure: availability and support are passed in, so the rules are tested without a GPU.
 *
 * <ul>
 *   <li>CPU: always the CPU.
 *   <li>CUDA: CUDA, or {@link ModelLoadException} naming why it cannot be (no driver, no device, an
 *       unsupported model), and again if it fails to start.
 *   <li>AUTO: CUDA when available and the model supported, else the CPU; a CUDA failure at start
 *       falls back to the CPU with one progress line saying why.
 * </ul>
 */
final class BackendSelection {
  private BackendSelection() {}

  /** Starts a forward pass; may throw the backend's own unchecked failure. */
  interface Starter {
    ForwardPass start();
  }

  /**
   * The backend to try first.
   *
   * @param cudaUnavailable why CUDA cannot run here ({@code Cuda.unavailableReason()}), empty if it
   *     can
   * @param modelUnsupported why the CUDA backend cannot run this model, empty if it can
   */
  static Backend choose(
      Backend requested, Optional<String> cudaUnavailable, Optional<String> modelUnsupported)
      throws ModelLoadException {
    switch (requested) {
      case CPU:
        return Backend.CPU;
      case CUDA:
        if (cudaUnavailable.isPresent()) {
          throw new ModelLoadException(
              "CUDA backend requested but unavailable: " + cudaUnavailable.get());
        }
        if (modelUnsupported.isPresent()) {
          throw new ModelLoadException(
              "CUDA backend requested but cannot run this model: " + modelUnsupported.get());
        }
        return Backend.CUDA;
      case AUTO:
        return cudaUnavailable.isEmpty() && modelUnsupported.isEmpty() ? Backend.CUDA : Backend.CPU;
      default:
        throw new AssertionError(requested);
    }
  }

  /**
   * Starts {@code chosen}: the CPU directly; CUDA through {@code cuda}, and when that throws, the
   * CPU under AUTO (one progress line) or a {@link ModelLoadException} when CUDA was asked for.
   */
  static ForwardPass start(
      Backend requested, Backend chosen, Starter cuda, Starter cpu, Consumer<String> progress)
      throws ModelLoadException {
    if (chosen == Backend.CPU) {
      return cpu.start();
    }
    try {
      return cuda.start();
    } catch (RuntimeException e) {
      if (requested == Backend.CUDA) {
        throw new ModelLoadException("CUDA backend failed to start: " + e.getMessage(), e);
      }
      progress.accept("CUDA backend failed to start (" + e.getMessage() + "); using the CPU");
      return cpu.start();
    }
  }
}
