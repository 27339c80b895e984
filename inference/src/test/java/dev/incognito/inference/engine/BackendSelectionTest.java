package dev.incognito.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackendSelectionTest {
  private static final Optional<String> OK = Optional.empty();
  private static final Optional<String> NO_DRIVER = Optional.of("libcuda cannot be loaded");
  private static final Optional<String> BIG_HEADS = Optional.of("head dim 512 exceeds 256");

  /** A forward pass that only identifies itself. */
  private static final class Marker implements ForwardPass {
    @Override
    public int vocabSize() {
      return 1;
    }

    @Override
    public int maxContext() {
      return 1;
    }

    @Override
    public KvSlot newSequence(int maxContext) {
      throw new UnsupportedOperationException();
    }

    @Override
    public float[] prefill(KvSlot sequence, int[] tokens) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void decode(List<KvSlot> sequences, int[] tokens, float[][] logitsOut) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  @Test
  void choose_followsRequestAvailabilityAndSupport() throws ModelLoadException {
    assertEquals(Backend.CPU, BackendSelection.choose(Backend.CPU, OK, OK));
    assertEquals(Backend.CUDA, BackendSelection.choose(Backend.CUDA, OK, OK));
    assertEquals(Backend.CUDA, BackendSelection.choose(Backend.AUTO, OK, OK));
    assertEquals(Backend.CPU, BackendSelection.choose(Backend.AUTO, NO_DRIVER, OK));
    assertEquals(Backend.CPU, BackendSelection.choose(Backend.AUTO, OK, BIG_HEADS));
  }

  @Test
  void choose_cudaRequestedButUnavailable_namesWhy() {
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class, () -> BackendSelection.choose(Backend.CUDA, NO_DRIVER, OK));
    assertEquals(
        "CUDA backend requested but unavailable: libcuda cannot be loaded", e.getMessage());
    e =
        assertThrows(
            ModelLoadException.class, () -> BackendSelection.choose(Backend.CUDA, OK, BIG_HEADS));
    assertTrue(e.getMessage().contains("head dim 512"), e.getMessage());
  }

  @Test
  void start_autoFallsBackToCpuWithOneLine_whenCudaFailsToStart() throws ModelLoadException {
    Marker cpu = new Marker();
    List<String> lines = new ArrayList<>();
    ForwardPass f =
        BackendSelection.start(
            Backend.AUTO,
            Backend.CUDA,
            () -> {
              throw new IllegalStateException("cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY (2)");
            },
            () -> cpu,
            lines::add);
    assertSame(cpu, f);
    assertEquals(
        List.of(
            "CUDA backend failed to start (cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY (2));"
                + " using the CPU"),
        lines);
  }

  @Test
  void start_cudaRequested_failureIsModelLoadException() {
    List<String> lines = new ArrayList<>();
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class,
            () ->
                BackendSelection.start(
                    Backend.CUDA,
                    Backend.CUDA,
                    () -> {
                      throw new IllegalStateException("nvrtcCompileProgram failed");
                    },
                    Marker::new,
                    lines::add));
    assertEquals("CUDA backend failed to start: nvrtcCompileProgram failed", e.getMessage());
    assertEquals(List.of(), lines);
  }

  @Test
  void start_usesCudaWhenItStarts_andCpuWhenChosen() throws ModelLoadException {
    Marker gpu = new Marker();
    Marker cpu = new Marker();
    List<String> lines = new ArrayList<>();
    assertSame(
        gpu, BackendSelection.start(Backend.AUTO, Backend.CUDA, () -> gpu, () -> cpu, lines::add));
    assertSame(
        cpu, BackendSelection.start(Backend.AUTO, Backend.CPU, () -> gpu, () -> cpu, lines::add));
    assertEquals(List.of(), lines);
  }
}
