package dev.incognito.inference.cuda;

/**
 * A CUDA driver or NVRTC call returned an error. Unchecked: a failing device call mid-step leaves
 * nothing for the caller to repair, and the engine treats it like any other failure of the forward
 * pass; at start-up the backend selection catches it to fall back to the CPU.
 */
public final class CudaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  /**
   * @param call the C function that failed
   * @param code its {@code CUresult} (or {@code nvrtcResult})
   * @param name the error's name ({@code cuGetErrorName}), e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}
   */
  public CudaException(String call, int code, String name) {
    super(call + " failed: " + name + " (" + code + ")");
    this.code = code;
  }

  /** A failure that is not a single call's result (a compile log, a missing library). */
  public CudaException(String message, Throwable cause) {
    super(message, cause);
    this.code = -1;
  }

  /** The {@code CUresult} or {@code nvrtcResult}, or -1. */
  public int code() {
    return code;
  }
}
