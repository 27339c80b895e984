package dev.incognito.protocol.attestation.tdx;

import java.util.Arrays;

/**
 * The Quoting Enclave's SGX report body (Intel SGX DCAP "Quote Library API", table "Enclave Report
 * Body"), 384 bytes: CPUSVN @0 [16], MISCSELECT @16, ATTRIBUTES @48 [16], MRENCLAVE @64 [32],
 * MRSIGNER @128 [32], ISVPRODID @256, ISVSVN @258, REPORTDATA @320 [64].
 */
public final class QeReport {

  public static final int SIZE = 384;

  private final byte[] bytes;

  QeReport(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException("QE report has " + SIZE + " bytes");
    }
    this.bytes = bytes.clone();
  }

  public byte[] encoded() {
    return bytes.clone();
  }

  public byte[] cpuSvn() {
    return Arrays.copyOfRange(bytes, 0, 16);
  }

  public long miscSelect() {
    return Bytes.u32(bytes, 16);
  }

  public byte[] attributes() {
    return Arrays.copyOfRange(bytes, 48, 64);
  }

  public byte[] mrEnclave() {
    return Arrays.copyOfRange(bytes, 64, 96);
  }

  public byte[] mrSigner() {
    return Arrays.copyOfRange(bytes, 128, 160);
  }

  public int isvProdId() {
    return Bytes.u16(bytes, 256);
  }

  public int isvSvn() {
    return Bytes.u16(bytes, 258);
  }

  public byte[] reportData() {
    return Arrays.copyOfRange(bytes, 320, 384);
  }
}
