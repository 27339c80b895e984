package dev.incognito.client.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.attestation.Certificates;
import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.attestation.simulated.SimulatedSnp;
import dev.incognito.protocol.bundle.BundleClaims;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device's bundle check against bundles from a simulated platform. */
class BundleVerifierTest {

  @TempDir Path tmp;

  private static SimulatedSnp snp;
  private static BundleClaims claims;
  private static byte[] measurement;
  private static byte[] good;

  @BeforeAll
  static void platform() {
    snp = SimulatedBundles.platform();
    SecureRandom r = new SecureRandom();
    byte[] keys = new byte[41];
    r.nextBytes(keys);
    claims = new BundleClaims(keys, bytes(r, 32), bytes(r, 32), bytes(r, 32), 1_790_000_000L);
    measurement = bytes(r, 48);
    good = SimulatedBundles.bundle(snp, claims, claims, measurement);
  }

  private static byte[] bytes(SecureRandom r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static BundleVerifier trustingRoot() {
    return new BundleVerifier(
        RootTrust.simulatedRoot(snp.root(), "test"), Set.of(), Clock.systemUTC());
  }

  @Test
  void verify_simulatedBundleWithRootGiven_passesEveryCheckMarkedSimulated() throws Exception {
    BundleVerification v = trustingRoot().verify(good, Optional.of(claims.ohttpKeys()));
    assertEquals(Origin.SIMULATED, v.origin());
    assertTrue(v.checks().stream().allMatch(Check::passed));
    assertTrue(
        v.checks().stream().allMatch(c -> c.line().contains("SIMULATED")), v.checks()::toString);
    assertTrue(
        v.checks().stream().anyMatch(c -> c.name().equals("REPORT_DATA binding")),
        v.checks()::toString);
  }

  @Test
  void verify_simulatedBundleWithoutRoot_failsSayingSimulatedRootNotTrusted() {
    BundleVerificationException e =
        assertThrows(
            BundleVerificationException.class,
            () -> BundleVerifier.vendor().verify(good, Optional.empty()));
    assertEquals("trusted root", e.failedCheck());
    assertTrue(e.getMessage().contains("SIMULATED root"), e.getMessage());
    assertTrue(e.getMessage().contains("not trusted"), e.getMessage());
  }

  @Test
  void verify_claimsAlteredAfterTheReport_failsReportDataBinding() {
    BundleClaims altered =
        new BundleClaims(
            claims.ohttpKeys(),
            claims.receiptKey(),
            claims.modelSha256(),
            claims.policySha256(),
            claims.issuedAt() + 1);
    // the report was made for the original claims; the bundle states the altered ones (and their
    // own, consistent report_data)
    byte[] bundle = SimulatedBundles.bundle(snp, altered, claims, measurement);
    BundleVerificationException e =
        assertThrows(
            BundleVerificationException.class,
            () -> trustingRoot().verify(bundle, Optional.empty()));
    assertEquals("REPORT_DATA binding", e.failedCheck());
    assertTrue(e.getMessage().contains("REPORT_DATA"), e.getMessage());
  }

  @Test
  void verify_flippedReportByte_failsSignatureChain() {
    byte[] report = snp.report(claims.reportData(), measurement);
    report[0x100] ^= 1; // inside the signed part (ID_KEY_DIGEST)
    byte[] bundle = SimulatedBundles.bundle(claims, report, snp);
    BundleVerificationException e =
        assertThrows(
            BundleVerificationException.class,
            () -> trustingRoot().verify(bundle, Optional.empty()));
    assertEquals("signature chain", e.failedCheck());
  }

  @Test
  void verify_otherSimulatedRootGiven_failsSignatureChain() {
    SimulatedSnp other = SimulatedSnp.generate(new SecureRandom());
    BundleVerifier v =
        new BundleVerifier(
            RootTrust.simulatedRoot(other.root(), "other"), Set.of(), Clock.systemUTC());
    BundleVerificationException e =
        assertThrows(BundleVerificationException.class, () -> v.verify(good, Optional.empty()));
    assertEquals("signature chain", e.failedCheck());
  }

  @Test
  void verify_servedKeysDifferFromBundles_fails() {
    byte[] served = claims.ohttpKeys();
    served[3] ^= 1;
    BundleVerificationException e =
        assertThrows(
            BundleVerificationException.class,
            () -> trustingRoot().verify(good, Optional.of(served)));
    assertEquals("served key configurations", e.failedCheck());
  }

  @Test
  void verify_measurementNotPinned_failsMeasurement() {
    BundleVerifier v =
        new BundleVerifier(
            RootTrust.simulatedRoot(snp.root(), "test"),
            Set.of("00".repeat(48)),
            Clock.systemUTC());
    BundleVerificationException e =
        assertThrows(BundleVerificationException.class, () -> v.verify(good, Optional.empty()));
    assertEquals("measurement", e.failedCheck());
  }

  @Test
  void verify_measurementPinned_passes() throws Exception {
    BundleVerifier v =
        new BundleVerifier(
            RootTrust.simulatedRoot(snp.root(), "test"),
            Set.of(java.util.HexFormat.of().formatHex(measurement)),
            Clock.systemUTC());
    assertEquals(Origin.SIMULATED, v.verify(good, Optional.empty()).origin());
  }

  @Test
  void verify_noEvidence_failsEvidence() {
    String json = new String(good, java.nio.charset.StandardCharsets.UTF_8);
    int at = json.indexOf("\"evidence\"");
    String without = json.substring(0, at) + "\"evidence\":null}";
    BundleVerificationException e =
        assertThrows(
            BundleVerificationException.class,
            () -> trustingRoot().verify(without.getBytes(), Optional.empty()));
    assertEquals("evidence", e.failedCheck());
  }

  @Test
  void fromOption_pemFileOfThePlatform_trustsItsRoot() throws Exception {
    Path pem = tmp.resolve("simulated-snp.pem");
    snp.store(pem);
    RootTrust t = RootTrust.fromOption(pem.toString());
    assertEquals(Certificates.sha256Fingerprint(snp.root()), t.fingerprint().orElseThrow());
    Path der = tmp.resolve("root.der");
    Files.write(der, snp.root().getEncoded());
    BundleVerifier v =
        new BundleVerifier(RootTrust.fromOption(der.toString()), Set.of(), Clock.systemUTC());
    assertEquals(Origin.SIMULATED, v.verify(good, Optional.empty()).origin());
  }

  @Test
  void fromOption_fingerprint_trustsTheServedRootOnlyWhenItMatches() throws Exception {
    String fp = Certificates.sha256Fingerprint(snp.root());
    BundleVerifier ok = new BundleVerifier(RootTrust.fromOption(fp), Set.of(), Clock.systemUTC());
    assertEquals(Origin.SIMULATED, ok.verify(good, Optional.empty()).origin());
    char[] wrong = fp.toCharArray();
    wrong[0] = wrong[0] == '0' ? '1' : '0';
    BundleVerifier bad =
        new BundleVerifier(RootTrust.fromOption(new String(wrong)), Set.of(), Clock.systemUTC());
    BundleVerificationException e =
        assertThrows(BundleVerificationException.class, () -> bad.verify(good, Optional.empty()));
    assertEquals("trusted root", e.failedCheck());
  }

  @Test
  void localDemo_withoutDomainRoot_trustsTheServedRootAndSaysSo() throws Exception {
    BundleVerifier v =
        new BundleVerifier(
            RootTrust.localDemo(Optional.empty(), "unused"), Set.of(), Clock.systemUTC());
    BundleVerification r = v.verify(good, Optional.empty());
    assertTrue(
        r.checks().stream()
            .anyMatch(
                c -> c.compared().contains("trusting the local demo server's simulated root")),
        r.checks()::toString);
  }

  @Test
  void verify_tamperedStatedReportData_failsClaimsReportData() {
    String json = new String(good, java.nio.charset.StandardCharsets.UTF_8);
    String hex = java.util.HexFormat.of().formatHex(claims.reportData());
    char[] c = hex.toCharArray();
    c[0] = c[0] == 'a' ? 'b' : 'a';
    byte[] bad = json.replace(hex, new String(c)).getBytes();
    assertTrue(!Arrays.equals(bad, good));
    BundleVerificationException e =
        assertThrows(
            BundleVerificationException.class, () -> trustingRoot().verify(bad, Optional.empty()));
    assertEquals("claims REPORT_DATA", e.failedCheck());
  }
}
