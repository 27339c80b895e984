package dev.incognito.gateway.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.attestation.Certificates;
import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.attestation.snp.SnpPolicy;
import dev.incognito.protocol.attestation.snp.SnpVerification;
import dev.incognito.protocol.attestation.snp.SnpVerificationException;
import dev.incognito.protocol.attestation.snp.SnpVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated source and the per-claims cache: what a device will verify. */
class BundleAttesterTest {

  @TempDir static Path teeDir;

  private static SimulatedEvidence simulated;

  private static final byte[] KEYS = {0, 5, 1, 2, 3, 4, 5};
  private static final byte[] RECEIPT = filled(1);
  private static final byte[] MODEL = filled(2);
  private static final byte[] POLICY = filled(3);
  private static final SoftwareManifest MANIFEST =
      new SoftwareManifest(
          Optional.empty(), "02".repeat(32), "03".repeat(32), "17.0.9", "Payara Server 6");

  @BeforeAll
  static void platform() throws Exception {
    simulated = SimulatedEvidence.open(teeDir.resolve("tee"), new SecureRandom());
  }

  private static byte[] filled(int v) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  private static List<X509Certificate> certs(Evidence e) throws Exception {
    List<X509Certificate> out = new ArrayList<>();
    for (byte[] der : e.certificates()) {
      out.add(Certificates.parseDer(der));
    }
    return out;
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void simulatedReport_verifiesUnderItsRootWithClaimsReportDataAndManifestMeasurement()
      throws Exception {
    BundleAttester a = new BundleAttester(simulated, Clock.systemUTC(), Duration.ofHours(1));
    AttestedBundle b = a.current(KEYS, RECEIPT, MODEL, POLICY, MANIFEST);
    assertEquals(Origin.SIMULATED, b.evidence().origin());
    SnpVerification v =
        SnpVerifier.trusting(simulated.root())
            .verify(
                b.evidence().report(),
                certs(b.evidence()),
                SnpPolicy.strict().withExpectedReportData(b.claims().reportData()));
    assertEquals(Origin.SIMULATED, v.origin());
    assertArrayEquals(b.claims().reportData(), v.report().reportData());
    assertArrayEquals(MANIFEST.measurement(), v.report().measurement());
    assertArrayEquals(simulated.root().getEncoded(), b.evidence().simulatedRoot().orElseThrow());
  }

  @Test
  void simulatedReport_isRefusedByTheVendorVerifier() throws Exception {
    AttestedBundle b =
        new BundleAttester(simulated, Clock.systemUTC(), Duration.ofHours(1))
            .current(KEYS, RECEIPT, MODEL, POLICY, MANIFEST);
    assertThrows(
        SnpVerificationException.class,
        () ->
            SnpVerifier.amd()
                .verify(b.evidence().report(), certs(b.evidence()), SnpPolicy.strict()));
  }

  @Test
  void current_sameClaimsWithinRefresh_servesTheSameReport() throws Exception {
    MutableClock clock = new MutableClock();
    BundleAttester a = new BundleAttester(simulated, clock, Duration.ofHours(1));
    AttestedBundle first = a.current(KEYS, RECEIPT, MODEL, POLICY, MANIFEST);
    clock.now = clock.now.plus(Duration.ofMinutes(59));
    assertSame(first, a.current(KEYS, RECEIPT, MODEL, POLICY, MANIFEST));
  }

  @Test
  void current_keysRotated_producesANewReportForTheNewClaims() throws Exception {
    MutableClock clock = new MutableClock();
    BundleAttester a = new BundleAttester(simulated, clock, Duration.ofHours(1));
    AttestedBundle first = a.current(KEYS, RECEIPT, MODEL, POLICY, MANIFEST);
    byte[] rotated = {0, 5, 9, 9, 9, 9, 9};
    AttestedBundle second = a.current(rotated, RECEIPT, MODEL, POLICY, MANIFEST);
    assertNotSame(first, second);
    assertArrayEquals(rotated, second.claims().ohttpKeys());
    SnpVerification v =
        SnpVerifier.trusting(simulated.root())
            .verify(
                second.evidence().report(),
                certs(second.evidence()),
                SnpPolicy.strict().withExpectedReportData(second.claims().reportData()));
    assertArrayEquals(second.claims().reportData(), v.report().reportData());
    assertFalse(java.util.Arrays.equals(first.claims().reportData(), v.report().reportData()));
  }

  @Test
  void current_afterRefreshInterval_producesAFreshReportWithANewIssueTime() throws Exception {
    MutableClock clock = new MutableClock();
    BundleAttester a = new BundleAttester(simulated, clock, Duration.ofHours(1));
    AttestedBundle first = a.current(KEYS, RECEIPT, MODEL, POLICY, MANIFEST);
    clock.now = clock.now.plus(Duration.ofHours(1));
    AttestedBundle second = a.current(KEYS, RECEIPT, MODEL, POLICY, MANIFEST);
    assertNotSame(first, second);
    assertEquals(first.claims().issuedAt() + 3600, second.claims().issuedAt());
  }

  @Test
  void current_otherDeployment_producesANewMeasurement() throws Exception {
    BundleAttester a = new BundleAttester(simulated, Clock.systemUTC(), Duration.ofHours(1));
    AttestedBundle first = a.current(KEYS, RECEIPT, MODEL, POLICY, MANIFEST);
    SoftwareManifest other =
        new SoftwareManifest(
            Optional.of("ab".repeat(32)), "02".repeat(32), "03".repeat(32), "17.0.9", "Payara");
    AttestedBundle second = a.current(KEYS, RECEIPT, MODEL, POLICY, other);
    assertNotSame(first, second);
    assertArrayEquals(
        other.measurement(), java.util.Arrays.copyOfRange(second.evidence().report(), 0x90, 0xC0));
  }

  @Test
  void open_again_loadsTheSamePlatform() throws Exception {
    SimulatedEvidence again = SimulatedEvidence.open(teeDir.resolve("tee"), new SecureRandom());
    assertArrayEquals(simulated.root().getEncoded(), again.root().getEncoded());
    assertTrue(Files.isRegularFile(teeDir.resolve("tee").resolve(SimulatedEvidence.FILE)));
  }

  @Test
  void manifest_encodingIsTheDocumentedText() {
    String text = new String(MANIFEST.encoded(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(
        "incognito-software-manifest/v1\near-sha256 unknown\nmodel-sha256 "
            + "02".repeat(32)
            + "\npolicy-sha256 "
            + "03".repeat(32)
            + "\njava 17.0.9\nserver Payara Server 6\n",
        text);
    assertEquals(48, MANIFEST.measurement().length);
  }

  @Test
  void manifest_readsTheDeployedEarDigest() throws Exception {
    Path root = teeDir.resolve("instance");
    Files.createDirectories(root.resolve("config"));
    assertEquals(Optional.empty(), SoftwareManifest.deployedEarDigest(root));
    Files.writeString(
        root.resolve("config").resolve(SoftwareManifest.EAR_DIGEST_FILE), "CD".repeat(32) + "\n");
    assertEquals(Optional.of("cd".repeat(32)), SoftwareManifest.deployedEarDigest(root));
  }
}
