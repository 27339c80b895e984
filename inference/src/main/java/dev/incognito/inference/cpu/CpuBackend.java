package dev.incognito.inference.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Matrix products on the CPU: a fixed pool of {@code threads - 1} daemon workers plus the calling
 * thread, rows of a weight matrix split between them. Safe to share between threads; each call
 * waits for its own work.
 */
public final class CpuBackend implements AutoCloseable {
  /** Most worker threads accepted. */
  public static final int MAX_THREADS = 1024;

  /** Work chunks per thread in {@link #parallelFor}, for balance. */
  private static final int CHUNKS_PER_THREAD = 4;

  /** Below this many multiply-adds a product runs on the calling thread alone. */
  private static final long PARALLEL_THRESHOLD = 1 << 15;

  /** A range of work items {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  private final Kernels kernels;
  private final int threads;
  private final ExecutorService pool;

  /**
   * @param threads total threads working on one product, the caller included (1 = no pool)
   * @param kernels the inner loops
   */
  public CpuBackend(int threads, Kernels kernels) {
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads must be 1.." + MAX_THREADS + ", got " + threads);
    }
    this.kernels = Objects.requireNonNull(kernels, "kernels");
    this.threads = threads;
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, daemonThreads());
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "incognito-cpu-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public Kernels kernels() {
    return kernels;
  }

  public int threads() {
    return threads;
  }

  /**
   * Runs {@code body} over {@code [0, n)} split into contiguous ranges, one per thread, when {@code
   * cost} (multiply-adds, roughly) is worth it; else on the calling thread.
   */
  public void parallelFor(int n, long cost, RangeBody body) {
    if (n <= 0) {
      return;
    }
    int workers = pool == null || cost < PARALLEL_THRESHOLD ? 1 : Math.min(threads, n);
    if (workers == 1) {
      body.run(0, n);
      return;
    }
    // More chunks than workers, taken from a shared counter, so a slow or descheduled worker
    // delays only its current chunk.
    int chunks = Math.min(n, workers * CHUNKS_PER_THREAD);
    AtomicInteger next = new AtomicInteger();
    Runnable work =
        () -> {
          for (int c; (c = next.getAndIncrement()) < chunks; ) {
            body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
          }
        };
    List<Future<?>> futures = new ArrayList<>(workers - 1);
    for (int p = 1; p < workers; p++) {
      futures.add(pool.submit(work));
    }
    Throwable failure = null;
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      failure = e;
      next.set(chunks); // stop the others early
    }
    boolean interrupted = false;
    for (Future<?> f : futures) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause();
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  /**
   * {@code out[b][r] = w[r] · x[b]} for every row {@code r} of {@code w} and {@code b < count}: one
   * pass over the weights serves all {@code count} vectors. Each {@code x[b]} holds at least {@code
   * w.cols()} values, each {@code out[b]} at least {@code w.rows()}.
   */
  public void matmul(Tensor w, float[][] x, float[][] out, int count) {
    int cols = w.cols();
    long cost = (long) w.rows() * cols * count;
    // Rows read in place for a few vectors; decoded once into floats when many share them.
    boolean inPlace = kernels.dotsInPlace(w.type()) && count < 4;
    parallelFor(
        w.rows(),
        cost,
        (from, to) -> {
          if (inPlace) {
            for (int r = from; r < to; r++) {
              for (int b = 0; b < count; b++) {
                out[b][r] = kernels.dot(w, r, x[b], 0);
              }
            }
          } else {
            float[] row = new float[cols];
            for (int r = from; r < to; r++) {
              kernels.decodeRow(w, r, row);
              kernels.dots(row, 0, x, count, cols, out, r);
            }
          }
        });
  }

  /** Stops the worker threads; later products run on the calling thread only if threads == 1. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
