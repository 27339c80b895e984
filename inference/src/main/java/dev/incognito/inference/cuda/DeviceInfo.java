package dev.incognito.inference.cuda;

/**
 * One CUDA device as the driver reports it.
 *
 * @param ordinal the device's index
 * @param name e.g. "NVIDIA H200"
 * @param totalMemory bytes
 * @param major compute capability, major
 * @param minor compute capability, minor
 * @param multiprocessors streaming multiprocessors
 * @param memoryClockKhz peak memory clock, kHz
 * @param memoryBusWidth bits
 */
public record DeviceInfo(
    int ordinal,
    String name,
    long totalMemory,
    int major,
    int minor,
    int multiprocessors,
    int memoryClockKhz,
    int memoryBusWidth) {

  /**
   * Peak memory bandwidth in bytes/s: clock x 2 (double data rate) x bus width / 8. The HBM
   * roofline of a memory-bound decode step.
   */
  public double peakBandwidth() {
    return memoryClockKhz * 1e3 * 2 * memoryBusWidth / 8.0;
  }
}
