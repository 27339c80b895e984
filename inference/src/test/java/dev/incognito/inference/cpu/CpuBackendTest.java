package dev.incognito.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class CpuBackendTest {
  @Test
  void parallelFor_coversEveryIndexOnce() {
    try (CpuBackend cpu = new CpuBackend(3, Kernels.scalar())) {
      for (int n : new int[] {1, 2, 3, 7, 12, 13, 1000}) {
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        cpu.parallelFor(
            n,
            Long.MAX_VALUE,
            (from, to) -> {
              for (int i = from; i < to; i++) seen.incrementAndGet(i);
            });
        for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "n=" + n + " i=" + i);
      }
    }
  }

  @Test
  void parallelFor_rethrowsAWorkersFailure() {
    try (CpuBackend cpu = new CpuBackend(2, Kernels.scalar())) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  cpu.parallelFor(
                      100,
                      Long.MAX_VALUE,
                      (from, to) -> {
                        if (to == 100) throw new IllegalStateException("last chunk");
                      }));
      assertEquals("last chunk", e.getMessage());
    }
  }

  @Test
  void threads_areBounded() {
    assertThrows(IllegalArgumentException.class, () -> new CpuBackend(0, Kernels.scalar()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CpuBackend(CpuBackend.MAX_THREADS + 1, Kernels.scalar()));
  }
}
