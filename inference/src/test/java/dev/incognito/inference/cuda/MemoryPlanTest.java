package dev.incognito.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MemoryPlanTest {
  private static final long GIB = 1L << 30;

  @Test
  void kvBytesPerSequence_isTwoPlanesOfF32PerLayer() {
    // Llama 3.1 8B: 32 layers, 8 KV heads x 128 = 1024; 8192 positions -> 2 GiB in f32.
    MemoryPlan p = new MemoryPlan(0, 0, 32, 1024);
    assertEquals(2L * 32 * 8192 * 1024 * 4, p.kvBytesPerSequence(8192));
    assertEquals(2 * GIB, p.kvBytesPerSequence(8192));
  }

  @Test
  void headroom_isFivePercentButAtLeast512MiB() {
    assertEquals(512L << 20, MemoryPlan.headroom(4 * GIB));
    assertEquals((long) (141 * GIB * 0.05), MemoryPlan.headroom(141 * GIB));
  }

  @Test
  void sequencesThatFit_subtractsWeightsActivationsAndHeadroom() {
    long total = 80 * GIB;
    MemoryPlan p = new MemoryPlan(16 * GIB, GIB, 32, 1024);
    long left = 80 * GIB - 4 * GIB - 16 * GIB - GIB; // headroom 5 % of 80 GiB = 4 GiB
    assertEquals(left / (2 * GIB), p.sequencesThatFit(total, total, 8192));
    assertEquals(29, p.sequencesThatFit(total, total, 8192));
  }

  @Test
  void sequencesThatFit_isZeroWhenWeightsDoNotFit() {
    MemoryPlan p = new MemoryPlan(20 * GIB, 0, 32, 1024);
    assertEquals(0, p.sequencesThatFit(16 * GIB, 24 * GIB, 2048));
  }

  @Test
  void constructor_rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new MemoryPlan(-1, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new MemoryPlan(0, 0, 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new MemoryPlan(0, 0, 1, 1).kvBytesPerSequence(0));
  }
}
