package dev.incognito.gateway.attestation;

import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.attestation.snp.SnpCertificateTable;
import dev.incognito.protocol.attestation.snp.SnpReport;
import dev.incognito.protocol.attestation.snp.SnpVerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * SEV-SNP evidence from the Linux kernel's configfs-tsm report interface
 * (Documentation/ABI/testing/configfs-tsm-report): inside a SEV-SNP guest, under {@value
 * #DEFAULT_ROOT}:
 *
 * <ol>
 *   <li>{@code mkdir <name>} creates a report request;
 *   <li>{@code provider} must read {@code sev_guest};
 *   <li>write {@code inblob} (the 64 bytes of REPORT_DATA);
 *   <li>read {@code outblob} (the ATTESTATION_REPORT, {@link SnpReport#SIZE} bytes) and {@code
 *       auxblob} (the certificate table the host supplied, {@link SnpCertificateTable});
 *   <li>{@code generation} must not have moved by more than our one write between the write and the
 *       reads, else another writer raced us;
 *   <li>{@code rmdir <name>}.
 * </ol>
 *
 * The host must supply the VCEK/VLEK chain (an extended guest request): without {@code auxblob} a
 * device could not check the report, so that is an error here.
 */
public final class ConfigfsTsm implements EvidenceSource {

  /** Where configfs-tsm report requests are made. */
  public static final String DEFAULT_ROOT = "/sys/kernel/config/tsm/report";

  /** The {@code provider} of a SEV-SNP guest. */
  public static final String SEV_GUEST = "sev_guest";

  /** Largest {@code outblob} read, bytes. */
  public static final int MAX_OUTBLOB_BYTES = 16 * 1024;

  /** Largest {@code auxblob} read, bytes. */
  public static final int MAX_AUXBLOB_BYTES = SnpCertificateTable.MAX_TABLE_BYTES;

  private final Path root;
  private final SecureRandom random = new SecureRandom();

  public ConfigfsTsm(Path root) {
    this.root = root;
  }

  /** The interface at {@value #DEFAULT_ROOT}. */
  public static ConfigfsTsm atDefaultRoot() {
    return new ConfigfsTsm(Path.of(DEFAULT_ROOT));
  }

  /**
   * Fails when the interface is absent: no configfs mount, a kernel without TSM reports (Linux
   * 6.7+), or not a confidential VM.
   */
  public void checkPresent() throws EvidenceException {
    if (!Files.isDirectory(root)) {
      throw new EvidenceException(
          "incognito.gateway.tee=sev-snp but the configfs-tsm report interface "
              + root
              + " does not exist: this is not a SEV-SNP guest, the kernel lacks TSM reports"
              + " (Linux 6.7 or later), or configfs is not mounted (mount -t configfs none"
              + " /sys/kernel/config)");
    }
  }

  @Override
  public synchronized Evidence evidence(byte[] reportData, SoftwareManifest manifest)
      throws EvidenceException {
    if (reportData.length != 64) {
      throw new IllegalArgumentException("REPORT_DATA has 64 bytes, not " + reportData.length);
    }
    checkPresent();
    byte[] name = new byte[8];
    random.nextBytes(name);
    Path entry = root.resolve("incognito-" + HexFormat.of().formatHex(name));
    try {
      Files.createDirectory(entry);
    } catch (IOException e) {
      throw new EvidenceException("cannot create a report request " + entry + ": " + e, e);
    }
    try {
      String provider = readText(entry.resolve("provider"));
      if (!SEV_GUEST.equals(provider)) {
        throw new EvidenceException(
            "configfs-tsm provider is '" + provider + "', not " + SEV_GUEST + " (SEV-SNP)");
      }
      Files.write(entry.resolve("inblob"), reportData);
      long generation = Long.parseLong(readText(entry.resolve("generation")));
      byte[] report = read(entry.resolve("outblob"), MAX_OUTBLOB_BYTES);
      byte[] aux = read(entry.resolve("auxblob"), MAX_AUXBLOB_BYTES);
      if (Long.parseLong(readText(entry.resolve("generation"))) != generation) {
        throw new EvidenceException("another writer changed the report request meanwhile");
      }
      if (report.length != SnpReport.SIZE) {
        throw new EvidenceException(
            "outblob has " + report.length + " bytes, not a " + SnpReport.SIZE + "-byte report");
      }
      if (aux.length == 0) {
        throw new EvidenceException(
            "auxblob is empty: the host supplies no VCEK/VLEK certificate chain (configure the"
                + " hypervisor's extended guest request certificates)");
      }
      List<byte[]> certs = new ArrayList<>();
      for (X509Certificate c : SnpCertificateTable.parse(aux).certificates()) {
        certs.add(c.getEncoded());
      }
      return new Evidence(Origin.VENDOR, report, certs, Optional.empty());
    } catch (IOException | NumberFormatException e) {
      throw new EvidenceException("configfs-tsm report request " + entry + " failed: " + e, e);
    } catch (SnpVerificationException | CertificateEncodingException e) {
      throw new EvidenceException("the host's certificate table: " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(entry);
      } catch (IOException e) {
        // the kernel removes nothing by itself; a left-over request only holds its last blobs
      }
    }
  }

  private static String readText(Path p) throws IOException {
    return new String(read(p, 256), StandardCharsets.US_ASCII).strip();
  }

  private static byte[] read(Path p, int max) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        throw new IOException(p.getFileName() + " exceeds " + max + " bytes");
      }
      return b;
    }
  }

  @Override
  public String describe() {
    return "SEV-SNP evidence from configfs-tsm at " + root;
  }
}
