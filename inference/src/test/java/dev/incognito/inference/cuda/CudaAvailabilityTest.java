package dev.incognito.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CudaAvailabilityTest {

  @Test
  void available_andReason_agree() {
    assertEquals(!Cuda.available(), Cuda.unavailableReason().isPresent());
    if (!Cuda.available()) {
      CudaException e = assertThrows(CudaException.class, () -> Cuda.open(0));
      assertTrue(e.getMessage().contains(Cuda.unavailableReason().get()), e.getMessage());
    }
  }
}
