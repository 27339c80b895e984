package dev.incognito.protocol.attestation.snp;

/**
 * A TCB_VERSION (AMD SEV-SNP ABI spec, "TCB_VERSION Structure"): the security patch levels of the
 * firmware components, decoded for the product's layout. Milan and Genoa: byte 0 boot loader, 1
 * TEE, 6 SNP, 7 microcode. Turin: byte 0 FMC, 1 boot loader, 2 TEE, 3 SNP, 7 microcode. Components
 * a layout does not have are 0.
 *
 * @param raw the 64-bit little-endian value as stored in the report
 */
public record TcbVersion(long raw, int fmc, int bootloader, int tee, int snp, int microcode) {

  public TcbVersion {
    for (int v : new int[] {fmc, bootloader, tee, snp, microcode}) {
      if (v < 0 || v > 0xff) {
        throw new IllegalArgumentException("TCB component out of range 0..255: " + v);
      }
    }
  }

  /** Decodes a raw TCB_VERSION for {@code product}. */
  public static TcbVersion decode(long raw, Product product) {
    if (product == Product.TURIN) {
      return new TcbVersion(raw, b(raw, 0), b(raw, 1), b(raw, 2), b(raw, 3), b(raw, 7));
    }
    return new TcbVersion(raw, 0, b(raw, 0), b(raw, 1), b(raw, 6), b(raw, 7));
  }

  /** Encodes the components in {@code product}'s layout. */
  public static TcbVersion of(
      Product product, int fmc, int bootloader, int tee, int snp, int microcode) {
    long raw;
    if (product == Product.TURIN) {
      raw = put(fmc, 0) | put(bootloader, 1) | put(tee, 2) | put(snp, 3) | put(microcode, 7);
    } else {
      if (fmc != 0) {
        throw new IllegalArgumentException(product + " has no FMC component");
      }
      raw = put(bootloader, 0) | put(tee, 1) | put(snp, 6) | put(microcode, 7);
    }
    return new TcbVersion(raw, fmc, bootloader, tee, snp, microcode);
  }

  /** Whether every component is at least the corresponding component of {@code minimum}. */
  public boolean isAtLeast(TcbVersion minimum) {
    return fmc >= minimum.fmc
        && bootloader >= minimum.bootloader
        && tee >= minimum.tee
        && snp >= minimum.snp
        && microcode >= minimum.microcode;
  }

  private static int b(long raw, int i) {
    return (int) (raw >>> (8 * i)) & 0xff;
  }

  private static long put(int v, int i) {
    if (v < 0 || v > 0xff) {
      throw new IllegalArgumentException("TCB component out of range 0..255: " + v);
    }
    return ((long) v) << (8 * i);
  }

  @Override
  public String toString() {
    return "fmc="
        + fmc
        + " bl="
        + bootloader
        + " tee="
        + tee
        + " snp="
        + snp
        + " ucode="
        + microcode;
  }
}
