package dev.incognito.inference.nvml;

/**
 * An NVML call failed or NVML is unavailable. Checked: every NVML answer is optional information (a
 * metric, attestation evidence) whose absence the caller must decide about - a metric is skipped,
 * attestation fails closed.
 */
public final class NvmlException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int code;

  /**
   * @param call the C function that failed
   * @param code its {@code nvmlReturn_t}
   * @param name {@code nvmlErrorString}, e.g. "Not Supported"
   */
  public NvmlException(String call, int code, String name) {
    super(call + " failed: " + name + " (" + code + ")");
    this.code = code;
  }

  public NvmlException(String message) {
    super(message);
    this.code = -1;
  }

  /** The {@code nvmlReturn_t}, or -1 when no call was made. */
  public int code() {
    return code;
  }
}
