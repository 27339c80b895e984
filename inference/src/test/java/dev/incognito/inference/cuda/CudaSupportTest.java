package dev.incognito.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.inference.cpu.TensorType;
import dev.incognito.inference.model.ModelConfig;
import dev.incognito.inference.model.RopeScaling;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CudaSupportTest {

  private static ModelConfig config(int dim, int heads) {
    return new ModelConfig(
        dim,
        4 * dim,
        2,
        heads,
        heads,
        dim / heads,
        512,
        512,
        1e-5f,
        10000f,
        ModelConfig.RopeStyle.HALF,
        RopeScaling.none(),
        false,
        false);
  }

  @Test
  void everyWeightTypeHasAKernel() {
    for (TensorType t : EnumSet.allOf(TensorType.class)) {
      String s = CudaForward.suffix(t);
      assertTrue(KernelSources.kernelsOf("matmul.cu").contains("matmul_" + s), t.toString());
      assertTrue(KernelSources.kernelsOf("matmul.cu").contains("embed_" + s), t.toString());
    }
  }

  @Test
  void unsupportedReason_namesHeadsWiderThanTheKernels() {
    assertEquals(
        Optional.empty(), CudaForward.unsupportedReason(config(64, 8), List.of(TensorType.F32)));
    assertEquals(
        Optional.of("head dim 512 exceeds the kernels' 256"),
        CudaForward.unsupportedReason(config(1024, 2), List.of(TensorType.Q8_0)));
  }
}
