package dev.incognito.inference.cuda;

/**
 * Grid and block sizes of one kernel launch (two dimensions; z is 1), computed from the shapes the
 * kernels in {@code *.cu} document. Valid by construction.
 *
 * @param gridX blocks along x, 1 to {@link #MAX_GRID_X}
 * @param gridY blocks along y, 1 to {@link #MAX_GRID_Y}
 * @param blockX threads along x
 * @param blockY threads along y; {@code blockX * blockY} at most {@link #MAX_THREADS}
 * @param sharedBytes dynamic shared memory (bytes)
 */
public record LaunchGeometry(int gridX, int gridY, int blockX, int blockY, int sharedBytes) {
  /** CUDA's limits on compute capability 3.0 and later. */
  public static final int MAX_GRID_X = Integer.MAX_VALUE;

  public static final int MAX_GRID_Y = 65535;
  public static final int MAX_THREADS = 1024;

  /** matmul.cu: rows per block (a warp each) and inputs per weight pass. */
  public static final int ROWS_PER_BLOCK = 8;

  public static final int BATCH_TILE = 8;

  /** layers.cu: threads of a row-wise kernel; element-wise kernels use the same. */
  public static final int NORM_THREADS = 256;

  /** attention.cu: widest head, warps per decode block, rows per prefill block. */
  public static final int MAX_HEAD_DIM = 256;

  public static final int DECODE_WARPS = 4;
  public static final int PREFILL_ROWS = 8;

  public LaunchGeometry {
    if (gridX < 1 || gridY < 1 || gridY > MAX_GRID_Y) {
      throw new IllegalArgumentException("grid " + gridX + "x" + gridY + " outside CUDA limits");
    }
    if (blockX < 1 || blockY < 1 || (long) blockX * blockY > MAX_THREADS) {
      throw new IllegalArgumentException("block " + blockX + "x" + blockY + " outside CUDA limits");
    }
    if (sharedBytes < 0) {
      throw new IllegalArgumentException("negative shared memory");
    }
  }

  static int ceilDiv(long a, long b) {
    long q = (a + b - 1) / b;
    if (q > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(a + " / " + b + " blocks overflow a grid");
    }
    return (int) q;
  }

  /** {@code matmul_*}: y (batch, rows) = x (batch, cols) W^T. */
  public static LaunchGeometry matmul(int rows, int batch) {
    return new LaunchGeometry(
        ceilDiv(rows, ROWS_PER_BLOCK), ceilDiv(batch, BATCH_TILE), 32, ROWS_PER_BLOCK, 0);
  }

  /**
   * One thread per element of each of {@code batch} rows of {@code n}: embed, add_bias, kv_store.
   */
  public static LaunchGeometry perElement(int n, int batch) {
    return new LaunchGeometry(ceilDiv(n, NORM_THREADS), batch, NORM_THREADS, 1, 0);
  }

  /** One thread per element of a flat array of {@code n}: add, swiglu. */
  public static LaunchGeometry flat(long n) {
    return new LaunchGeometry(ceilDiv(n, NORM_THREADS), 1, NORM_THREADS, 1, 0);
  }

  /** One block per row: rms_norm, softmax, argmax. */
  public static LaunchGeometry perRow(int batch) {
    return new LaunchGeometry(batch, 1, NORM_THREADS, 1, 0);
  }

  /** {@code rope}: one thread per rotated pair. */
  public static LaunchGeometry rope(int heads, int headDim, int batch) {
    return perElement(heads * (headDim / 2), batch);
  }

  /** {@code attention_decode}: a block per (head, sequence). */
  public static LaunchGeometry attentionDecode(int heads, int batch) {
    return new LaunchGeometry(heads, batch, 32, DECODE_WARPS, 0);
  }

  /** {@code attention_prefill}: a block per {@link #PREFILL_ROWS} query rows of one head. */
  public static LaunchGeometry attentionPrefill(int rows, int heads) {
    return new LaunchGeometry(ceilDiv(rows, PREFILL_ROWS), heads, 32, PREFILL_ROWS, 0);
  }
}
