package dev.incognito.protocol.attestation.snp;

import dev.incognito.protocol.attestation.Certificates;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The certificate table a hypervisor returns beside an extended SEV-SNP report (AMD "SEV-ES
 * Guest-Hypervisor Communication Block Standardization" §4.1.8.1, MSG_REPORT_REQ), which Linux
 * exposes as configfs-tsm's {@code auxblob}: entries of GUID[16] ‖ offset u32 LE ‖ length u32 LE,
 * ended by an all-zero entry, offsets counted from the start of the table. GUIDs are in RFC 4122
 * byte order (as AMD's sev-tool writes them with libuuid).
 */
public final class SnpCertificateTable {

  public static final UUID VCEK = UUID.fromString("63da758d-e664-4564-adc5-f4b93be8accd");
  public static final UUID VLEK = UUID.fromString("a8074bc2-a25a-483e-aae6-39c045a0b8a1");
  public static final UUID ASK = UUID.fromString("4ab7b379-bbac-4fe4-a02f-05aef327c782");
  public static final UUID ARK = UUID.fromString("c0b406a4-a803-4952-9743-3fb6014cd0ae");

  /** Most entries accepted before the terminator. */
  public static final int MAX_ENTRIES = 16;

  /** Largest table accepted, bytes. */
  public static final int MAX_TABLE_BYTES = 64 * 1024;

  private static final int ENTRY_SIZE = 24;

  private final Map<UUID, byte[]> entries;

  private SnpCertificateTable(Map<UUID, byte[]> entries) {
    this.entries = entries;
  }

  /**
   * Parses a table.
   *
   * @throws SnpVerificationException when it is too large, has no terminator within {@link
   *     #MAX_ENTRIES} entries, repeats a GUID, or an entry points outside the table
   */
  public static SnpCertificateTable parse(byte[] table) throws SnpVerificationException {
    if (table.length > MAX_TABLE_BYTES) {
      throw new SnpVerificationException("certificate table exceeds " + MAX_TABLE_BYTES + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
    Map<UUID, byte[]> out = new LinkedHashMap<>();
    for (int i = 0; ; i++) {
      int at = i * ENTRY_SIZE;
      if (at + ENTRY_SIZE > table.length) {
        throw new SnpVerificationException("certificate table has no terminating entry");
      }
      long msb = ByteBuffer.wrap(table, at, 8).getLong();
      long lsb = ByteBuffer.wrap(table, at + 8, 8).getLong();
      long offset = b.getInt(at + 16) & 0xffffffffL;
      long length = b.getInt(at + 20) & 0xffffffffL;
      if (msb == 0 && lsb == 0 && offset == 0 && length == 0) {
        break;
      }
      if (i == MAX_ENTRIES) {
        throw new SnpVerificationException(
            "certificate table has over " + MAX_ENTRIES + " entries");
      }
      if (offset + length > table.length) {
        throw new SnpVerificationException("certificate table entry " + i + " points outside it");
      }
      UUID guid = new UUID(msb, lsb);
      if (out.put(guid, Arrays.copyOfRange(table, (int) offset, (int) (offset + length))) != null) {
        throw new SnpVerificationException("certificate table repeats GUID " + guid);
      }
    }
    return new SnpCertificateTable(Collections.unmodifiableMap(out));
  }

  /** The raw entry for {@code guid}. */
  public Optional<byte[]> entry(UUID guid) {
    return Optional.ofNullable(entries.get(guid)).map(byte[]::clone);
  }

  /**
   * The VCEK or VLEK, ASK and ARK certificates present (DER), in that order, ready for {@link
   * SnpVerifier#verify}.
   */
  public List<X509Certificate> certificates() throws SnpVerificationException {
    List<X509Certificate> out = new ArrayList<>();
    for (UUID g : List.of(VCEK, VLEK, ASK, ARK)) {
      byte[] der = entries.get(g);
      if (der != null && der.length > 0) {
        try {
          // DER carries its own length, so padding after a certificate is ignored by the parser
          out.add(Certificates.parseDer(der));
        } catch (CertificateException e) {
          throw new SnpVerificationException("certificate table entry " + g + " does not parse", e);
        }
      }
    }
    return out;
  }

  /** Builds a table from entries (for the simulated platform and tests). */
  public static byte[] encode(Map<UUID, byte[]> entries) {
    int size = ENTRY_SIZE * (entries.size() + 1);
    for (byte[] v : entries.values()) {
      size += v.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    int data = ENTRY_SIZE * (entries.size() + 1);
    int i = 0;
    for (Map.Entry<UUID, byte[]> e : entries.entrySet()) {
      int at = i++ * ENTRY_SIZE;
      ByteBuffer.wrap(b.array(), at, 16)
          .putLong(e.getKey().getMostSignificantBits())
          .putLong(e.getKey().getLeastSignificantBits());
      b.putInt(at + 16, data);
      b.putInt(at + 20, e.getValue().length);
      System.arraycopy(e.getValue(), 0, b.array(), data, e.getValue().length);
      data += e.getValue().length;
    }
    return b.array();
  }
}
