package dev.incognito.protocol.attestation.snp;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Set;

/**
 * An SEV-SNP ATTESTATION_REPORT (AMD SEV-SNP ABI specification, table "ATTESTATION_REPORT
 * Structure"): 0x4A0 bytes, little-endian, signed over bytes 0x000–0x29F. Versions 2, 3 and 5 are
 * accepted; version 3 adds the CPUID family, model and stepping at 0x188, version 5 the launch and
 * current mitigation vectors at 0x1F8.
 *
 * <p>Immutable: {@link #parse} copies its input and every accessor returns a copy.
 */
public final class SnpReport {

  /** Size of the report, bytes. */
  public static final int SIZE = 0x4A0;

  /** End (exclusive) of the signed bytes, where the signature starts. */
  public static final int SIGNED_LENGTH = 0x2A0;

  /** Size of each of the little-endian r and s fields of the signature, bytes. */
  public static final int SIGNATURE_COMPONENT_SIZE = 72;

  /** Bytes of r and s that a P-384 signature uses; the rest of each 72-byte field is zero. */
  public static final int P384_COMPONENT_SIZE = 48;

  /** SIGNATURE_ALGO value for ECDSA P-384 with SHA-384. */
  public static final int SIG_ALGO_ECDSA_P384_SHA384 = 1;

  /** Report versions this parser understands. */
  public static final Set<Integer> SUPPORTED_VERSIONS = Set.of(2, 3, 5);

  /** GUEST_POLICY bit 19: debugging of the guest is allowed. */
  public static final long POLICY_DEBUG = 1L << 19;

  /** GUEST_POLICY bit 17: reserved, must be one. */
  public static final long POLICY_RESERVED_ONE = 1L << 17;

  /** The key that signed the report, from bits 2–4 of the flags at 0x48. */
  public enum SigningKey {
    VCEK,
    VLEK
  }

  private final byte[] bytes;

  private SnpReport(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Parses a report.
   *
   * @throws SnpVerificationException when the size is not exactly {@link #SIZE}, the version is not
   *     supported, the signature algorithm is not ECDSA P-384/SHA-384, the signing-key field is
   *     reserved or the unused high bytes of r or s are not zero
   */
  public static SnpReport parse(byte[] report) throws SnpVerificationException {
    if (report == null || report.length != SIZE) {
      throw new SnpVerificationException(
          "report size is "
              + (report == null ? "null" : report.length)
              + " bytes, expected exactly "
              + SIZE);
    }
    SnpReport r = new SnpReport(report.clone());
    if (!SUPPORTED_VERSIONS.contains(r.version())) {
      throw new SnpVerificationException(
          "report version " + r.version() + " not supported " + SUPPORTED_VERSIONS);
    }
    if (r.signatureAlgo() != SIG_ALGO_ECDSA_P384_SHA384) {
      throw new SnpVerificationException(
          "signature algorithm " + r.signatureAlgo() + " is not ECDSA P-384 with SHA-384 (1)");
    }
    int key = (r.flags() >>> 2) & 0x7;
    if (key > 1) {
      throw new SnpVerificationException("signing key field " + key + " is reserved");
    }
    for (int off : new int[] {SIGNED_LENGTH, SIGNED_LENGTH + SIGNATURE_COMPONENT_SIZE}) {
      for (int i = off + P384_COMPONENT_SIZE; i < off + SIGNATURE_COMPONENT_SIZE; i++) {
        if (r.bytes[i] != 0) {
          throw new SnpVerificationException("signature component has non-zero bytes above 48");
        }
      }
    }
    return r;
  }

  /** The whole report as parsed. */
  public byte[] encoded() {
    return bytes.clone();
  }

  /** Bytes 0x000–0x29F, which the signature covers. */
  public byte[] signedBytes() {
    return Arrays.copyOf(bytes, SIGNED_LENGTH);
  }

  /** VERSION @0x00. */
  public int version() {
    return u32(0x00);
  }

  /** GUEST_SVN @0x04. */
  public long guestSvn() {
    return u32(0x04) & 0xffffffffL;
  }

  /** POLICY @0x08, the guest policy the VM was launched with. */
  public long policy() {
    return u64(0x08);
  }

  /** Whether the guest policy allows debugging (bit 19). */
  public boolean debugAllowed() {
    return (policy() & POLICY_DEBUG) != 0;
  }

  /** FAMILY_ID @0x10, 16 bytes. */
  public byte[] familyId() {
    return slice(0x10, 16);
  }

  /** IMAGE_ID @0x20, 16 bytes. */
  public byte[] imageId() {
    return slice(0x20, 16);
  }

  /** VMPL @0x30. */
  public int vmpl() {
    return u32(0x30);
  }

  /** SIGNATURE_ALGO @0x34. */
  public int signatureAlgo() {
    return u32(0x34);
  }

  /** CURRENT_TCB @0x38, raw. */
  public long currentTcbRaw() {
    return u64(0x38);
  }

  /** PLATFORM_INFO @0x40. */
  public long platformInfo() {
    return u64(0x40);
  }

  /** The flags word @0x48: bit 0 AUTHOR_KEY_EN, bit 1 MASK_CHIP_KEY, bits 2–4 SIGNING_KEY. */
  public int flags() {
    return u32(0x48);
  }

  /** Whether MASK_CHIP_KEY is set: the firmware then writes zeros instead of a signature. */
  public boolean chipKeyMasked() {
    return (flags() & 0x2) != 0;
  }

  /** SIGNING_KEY: which key signed the report. */
  public SigningKey signingKey() {
    return ((flags() >>> 2) & 0x7) == 1 ? SigningKey.VLEK : SigningKey.VCEK;
  }

  /** REPORT_DATA @0x50, 64 bytes chosen by the guest. */
  public byte[] reportData() {
    return slice(0x50, 64);
  }

  /** MEASUREMENT @0x90, 48 bytes: the launch digest. */
  public byte[] measurement() {
    return slice(0x90, 48);
  }

  /** HOST_DATA @0xC0, 32 bytes. */
  public byte[] hostData() {
    return slice(0xC0, 32);
  }

  /** ID_KEY_DIGEST @0xE0, 48 bytes. */
  public byte[] idKeyDigest() {
    return slice(0xE0, 48);
  }

  /** AUTHOR_KEY_DIGEST @0x110, 48 bytes. */
  public byte[] authorKeyDigest() {
    return slice(0x110, 48);
  }

  /** REPORT_ID @0x140, 32 bytes. */
  public byte[] reportId() {
    return slice(0x140, 32);
  }

  /** REPORT_ID_MA @0x160, 32 bytes. */
  public byte[] reportIdMa() {
    return slice(0x160, 32);
  }

  /** REPORTED_TCB @0x180, raw: the TCB the VCEK that signed this report was derived for. */
  public long reportedTcbRaw() {
    return u64(0x180);
  }

  /** CPUID_FAM_ID @0x188 (version 3 and later; 0 before). */
  public int cpuidFamily() {
    return version() >= 3 ? bytes[0x188] & 0xff : 0;
  }

  /** CPUID_MOD_ID @0x189 (version 3 and later; 0 before). */
  public int cpuidModel() {
    return version() >= 3 ? bytes[0x189] & 0xff : 0;
  }

  /** CPUID_STEP @0x18A (version 3 and later; 0 before). */
  public int cpuidStepping() {
    return version() >= 3 ? bytes[0x18A] & 0xff : 0;
  }

  /** CHIP_ID @0x1A0, 64 bytes (zeros when MASK_CHIP_ID is set). */
  public byte[] chipId() {
    return slice(0x1A0, 64);
  }

  /** COMMITTED_TCB @0x1E0, raw. */
  public long committedTcbRaw() {
    return u64(0x1E0);
  }

  /** CURRENT_BUILD, CURRENT_MINOR, CURRENT_MAJOR @0x1E8 as "major.minor.build". */
  public String currentFirmware() {
    return (bytes[0x1EA] & 0xff) + "." + (bytes[0x1E9] & 0xff) + "." + (bytes[0x1E8] & 0xff);
  }

  /** COMMITTED_BUILD, COMMITTED_MINOR, COMMITTED_MAJOR @0x1EC as "major.minor.build". */
  public String committedFirmware() {
    return (bytes[0x1EE] & 0xff) + "." + (bytes[0x1ED] & 0xff) + "." + (bytes[0x1EC] & 0xff);
  }

  /** LAUNCH_TCB @0x1F0, raw. */
  public long launchTcbRaw() {
    return u64(0x1F0);
  }

  /** Signature r, from its little-endian 72-byte field @0x2A0. */
  public BigInteger signatureR() {
    return littleEndian(SIGNED_LENGTH);
  }

  /** Signature s, from its little-endian 72-byte field @0x2E8. */
  public BigInteger signatureS() {
    return littleEndian(SIGNED_LENGTH + SIGNATURE_COMPONENT_SIZE);
  }

  /**
   * The product from CPUID family and model (version 3 and later): family 0x19 models 0x00–0x0F
   * Milan, 0x10–0x1F and 0xA0–0xAF Genoa; family 0x1A Turin. Empty for version 2 or an unknown
   * pair.
   */
  public java.util.Optional<Product> cpuidProduct() {
    if (version() < 3) {
      return java.util.Optional.empty();
    }
    int fam = cpuidFamily();
    int mod = cpuidModel();
    if (fam == 0x19 && mod <= 0x0f) {
      return java.util.Optional.of(Product.MILAN);
    }
    if (fam == 0x19 && ((mod >= 0x10 && mod <= 0x1f) || (mod >= 0xa0 && mod <= 0xaf))) {
      return java.util.Optional.of(Product.GENOA);
    }
    if (fam == 0x1a) {
      return java.util.Optional.of(Product.TURIN);
    }
    return java.util.Optional.empty();
  }

  private BigInteger littleEndian(int off) {
    byte[] be = new byte[P384_COMPONENT_SIZE];
    for (int i = 0; i < P384_COMPONENT_SIZE; i++) {
      be[P384_COMPONENT_SIZE - 1 - i] = bytes[off + i];
    }
    return new BigInteger(1, be);
  }

  private byte[] slice(int off, int len) {
    return Arrays.copyOfRange(bytes, off, off + len);
  }

  private int u32(int off) {
    return ByteBuffer.wrap(bytes, off, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  private long u64(int off) {
    return ByteBuffer.wrap(bytes, off, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SnpReport r && Arrays.equals(bytes, r.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SnpReport[version=" + version() + ", vmpl=" + vmpl() + ", key=" + signingKey() + "]";
  }
}
