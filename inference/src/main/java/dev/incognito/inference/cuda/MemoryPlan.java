package dev.incognito.inference.cuda;

/**
 * Device memory a model needs: weights, activations and per-sequence KV caches, and how many
 * sequences fit. All sizes in bytes. The KV cache is f32: per layer, keys and values of {@code
 * kvDim} floats per position.
 *
 * @param weightBytes all weight tensors as uploaded, alignment padding included
 * @param activationBytes work buffers of one step at the largest batch
 * @param layers decoder blocks
 * @param kvDim {@code kvHeads * headDim}
 */
public record MemoryPlan(long weightBytes, long activationBytes, int layers, int kvDim) {
  /** Memory left unallocated for the driver, kernels' stacks and fragmentation: 5 % ... */
  public static final double HEADROOM_FRACTION = 0.05;

  /** ... but at least 512 MiB. */
  public static final long MIN_HEADROOM = 512L << 20;

  public MemoryPlan {
    if (weightBytes < 0 || activationBytes < 0 || layers < 1 || kvDim < 1) {
      throw new IllegalArgumentException("invalid memory plan");
    }
  }

  /**
   * KV cache of one sequence holding {@code context} positions: 2 x layers x context x kvDim x 4.
   */
  public long kvBytesPerSequence(int context) {
    if (context < 1) {
      throw new IllegalArgumentException("context " + context);
    }
    return Math.multiplyExact(Math.multiplyExact(8L * layers, (long) context), (long) kvDim);
  }

  /** Bytes kept free out of {@code total}: the larger of 5 % and 512 MiB. */
  public static long headroom(long total) {
    return Math.max(MIN_HEADROOM, (long) (total * HEADROOM_FRACTION));
  }

  /**
   * Sequences of {@code context} positions whose caches fit beside the weights and activations in
   * {@code free} bytes (free before anything of this model is allocated) of a device with {@code
   * total} bytes; 0 when not even the weights fit.
   */
  public long sequencesThatFit(long free, long total, int context) {
    long left = free - headroom(total) - weightBytes - activationBytes;
    if (left <= 0) {
      return 0;
    }
    return left / kvBytesPerSequence(context);
  }
}
