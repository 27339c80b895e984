package dev.incognito.protocol.attestation.simulated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.attestation.snp.Product;
import dev.incognito.protocol.attestation.snp.SnpPolicy;
import dev.incognito.protocol.attestation.snp.SnpReport;
import dev.incognito.protocol.attestation.snp.SnpVerification;
import dev.incognito.protocol.attestation.snp.SnpVerificationException;
import dev.incognito.protocol.attestation.snp.SnpVerifier;
import dev.incognito.protocol.bundle.BundleClaims;
import dev.incognito.protocol.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedSnpTest {

  private static SimulatedSnp platform;
  private static final byte[] MEASUREMENT = new byte[48];
  private static final BundleClaims CLAIMS =
      new BundleClaims(
          "keys".getBytes(StandardCharsets.US_ASCII), new byte[32], new byte[32], new byte[32], 1L);

  @BeforeAll
  static void generate() {
    platform = SimulatedSnp.generate(new SecureRandom());
    Arrays.fill(MEASUREMENT, (byte) 0x5a);
  }

  @Test
  void report_verifiesUnderItsOwnRootAndSaysSimulated() throws Exception {
    byte[] report = platform.report(CLAIMS.reportData(), MEASUREMENT);
    SnpVerification v =
        SnpVerifier.trusting(platform.root())
            .verify(
                report,
                platform.certificates(),
                SnpPolicy.strict()
                    .withExpectedReportData(CLAIMS.reportData())
                    .withAllowedMeasurements(Set.of("5a".repeat(48)))
                    .withMinimumTcb(SimulatedSnp.TCB));
    assertEquals(Origin.SIMULATED, v.origin());
    assertEquals(Product.MILAN, v.product());
    assertEquals(3, v.report().version());
    // the same certificates, taken from the extended-report certificate table
    var fromTable =
        dev.incognito.protocol.attestation.snp.SnpCertificateTable.parse(
                platform.certificateTable())
            .certificates();
    SnpVerifier.trusting(platform.root()).verify(report, fromTable, SnpPolicy.strict());
    assertArrayEquals(platform.chipId(), v.report().chipId());
    assertArrayEquals(CLAIMS.reportData(), v.report().reportData());
  }

  @Test
  void report_isRefusedByTheAmdVerifier() {
    byte[] report = platform.report(CLAIMS.reportData(), MEASUREMENT);
    var e =
        assertThrows(
            SnpVerificationException.class,
            () -> SnpVerifier.amd().verify(report, platform.certificates(), SnpPolicy.strict()));
    assertTrue(e.getMessage().contains("ASK"), e.getMessage());
  }

  @Test
  void report_failsWhenAnySignedByteOrTheSignatureIsFlipped() throws Exception {
    byte[] good = platform.report(CLAIMS.reportData(), MEASUREMENT);
    SnpVerifier v = SnpVerifier.trusting(platform.root());
    SnpPolicy p = SnpPolicy.strict();
    v.verify(good, platform.certificates(), p);
    for (int i = 0; i < SnpReport.SIGNED_LENGTH + 2 * SnpReport.SIGNATURE_COMPONENT_SIZE; i += 7) {
      byte[] bad = good.clone();
      bad[i] ^= 0x10;
      assertThrows(SnpVerificationException.class, () -> v.verify(bad, platform.certificates(), p));
    }
  }

  @Test
  void storeThenLoad_keepsTheHierarchy(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("simulated-snp.pem");
    platform.store(file);
    SimulatedSnp loaded = SimulatedSnp.load(file);
    assertArrayEquals(platform.root().getEncoded(), loaded.root().getEncoded());
    assertArrayEquals(platform.chipId(), loaded.chipId());
    byte[] report = loaded.report(CLAIMS.reportData(), MEASUREMENT);
    SnpVerifier.trusting(platform.root()).verify(report, loaded.certificates(), SnpPolicy.strict());
    assertTrue(Files.readString(file).contains("-----BEGIN PRIVATE KEY-----"));
    assertEquals(
        platform.root().getSubjectX500Principal(),
        SimulatedSnp.loadOrGenerate(file, new SecureRandom()).root().getSubjectX500Principal());
  }

  @Test
  void fromPem_rejectsACorruptedKey() throws Exception {
    String pem = new String(platform.toPem().revealForUse(), StandardCharsets.US_ASCII);
    // keep this platform's certificates, change the key's last base64 characters
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    String broken = pem.substring(0, end - 6) + "AAAAA\n" + pem.substring(end);
    assertThrows(
        GeneralSecurityException.class,
        () -> SimulatedSnp.fromPem(SecretBytes.wrap(broken.getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void vlekPlatform_reportsVerifyThroughTheAsvkAndSayVlek() throws Exception {
    SimulatedSnp vlek = SimulatedSnp.generate(new SecureRandom(), SnpReport.SigningKey.VLEK);
    byte[] report = vlek.report(CLAIMS.reportData(), MEASUREMENT);
    SnpVerification v =
        SnpVerifier.trusting(vlek.root()).verify(report, vlek.certificates(), SnpPolicy.strict());
    assertEquals(SnpReport.SigningKey.VLEK, v.signingKey());
    assertEquals(Origin.SIMULATED, v.origin());
    // the VCEK platform's ASK cannot stand in for the ASVK, nor its VCEK for the VLEK
    var mixed =
        new java.util.ArrayList<>(
            List.of(platform.certificates().get(0), vlek.certificates().get(2)));
    assertThrows(
        SnpVerificationException.class,
        () -> SnpVerifier.trusting(vlek.root()).verify(report, mixed, SnpPolicy.strict()));
  }

  @Test
  void report_rejectsWrongSizes() {
    assertThrows(IllegalArgumentException.class, () -> platform.report(new byte[32], MEASUREMENT));
    assertThrows(IllegalArgumentException.class, () -> platform.report(new byte[64], new byte[32]));
  }
}
