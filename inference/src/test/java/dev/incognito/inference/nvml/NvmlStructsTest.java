package dev.incognito.inference.nvml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Struct sizes and offsets against nvml.h's {@code sizeof}/{@code offsetof} on x86-64. */
class NvmlStructsTest {

  @Test
  void structSizes_matchNvmlH() {
    assertEquals(24, new NvmlLibrary.NvmlMemory().size());
    assertEquals(8, new NvmlLibrary.NvmlUtilization().size());
    assertEquals(12, new NvmlLibrary.NvmlConfComputeSystemState().size());
    assertEquals(
        12 + 0x20 + 0x2000 + 0x1000, new NvmlLibrary.NvmlConfComputeGpuAttestationReport().size());
    assertEquals(8 + 0x1000 + 0x1400, new NvmlLibrary.NvmlConfComputeGpuCertificate().size());
  }

  @Test
  void attestationReport_nonceSitsAfterThreeSizes() {
    NvmlLibrary.NvmlConfComputeGpuAttestationReport r =
        new NvmlLibrary.NvmlConfComputeGpuAttestationReport();
    r.nonce[0] = 7;
    r.attestationReport[0] = 8;
    r.cecAttestationReport[0] = 9;
    r.write();
    assertEquals(7, r.getPointer().getByte(12));
    assertEquals(8, r.getPointer().getByte(44));
    assertEquals(9, r.getPointer().getByte(44 + 0x2000));
  }

  @Test
  void bounded_rejectsSizeBeyondField() throws NvmlException {
    byte[] field = {1, 2, 3, 4};
    assertArrayEquals(new byte[] {1, 2}, NvmlDevice.bounded(field, 2, "x"));
    assertThrows(NvmlException.class, () -> NvmlDevice.bounded(field, 5, "x"));
    assertThrows(NvmlException.class, () -> NvmlDevice.bounded(field, -1, "x"));
  }

  @Test
  void confComputeState_productionNeedsCcOnProdAndNoDevTools() {
    assertTrue(new ConfComputeState(2, true, false).production());
    assertFalse(new ConfComputeState(1, true, false).production());
    assertFalse(new ConfComputeState(2, true, true).production());
    assertFalse(new ConfComputeState(2, false, false).production());
  }

  @Test
  void available_andReason_agree() {
    assertEquals(!Nvml.available(), Nvml.unavailableReason().isPresent());
    if (!Nvml.available()) {
      assertThrows(NvmlException.class, Nvml::driverVersion);
    }
  }
}
