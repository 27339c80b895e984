package dev.incognito.protocol.attestation.snp;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a verified report must also satisfy: debugging off (unless allowed), a minimum TCB, one of
 * the allowed launch measurements, and the expected REPORT_DATA. Immutable; start from {@link
 * #strict()} and narrow or relax with the {@code with…} methods.
 */
public final class SnpPolicy {

  private static final HexFormat HEX = HexFormat.of();

  private final boolean allowDebug;
  private final TcbVersion minimumTcb;
  private final Set<String> allowedMeasurements;
  private final byte[] expectedReportData;

  private SnpPolicy(
      boolean allowDebug,
      TcbVersion minimumTcb,
      Set<String> allowedMeasurements,
      byte[] expectedReportData) {
    this.allowDebug = allowDebug;
    this.minimumTcb = minimumTcb;
    this.allowedMeasurements = allowedMeasurements;
    this.expectedReportData = expectedReportData;
  }

  /** Debugging off; any TCB, measurement and REPORT_DATA. */
  public static SnpPolicy strict() {
    return new SnpPolicy(false, null, Set.of(), null);
  }

  /** This policy, accepting guests whose policy allows debugging (never for production). */
  public SnpPolicy withDebugAllowed() {
    return new SnpPolicy(true, minimumTcb, allowedMeasurements, expectedReportData);
  }

  /** This policy, requiring every component of REPORTED_TCB to be at least {@code minimum}'s. */
  public SnpPolicy withMinimumTcb(TcbVersion minimum) {
    return new SnpPolicy(allowDebug, minimum, allowedMeasurements, expectedReportData);
  }

  /**
   * This policy, requiring MEASUREMENT to be one of {@code measurements} (hex, 48 bytes each). An
   * empty set allows any measurement.
   */
  public SnpPolicy withAllowedMeasurements(Set<String> measurements) {
    Set<String> norm =
        measurements.stream()
            .map(
                m -> {
                  byte[] b = HEX.parseHex(m.toLowerCase(Locale.ROOT));
                  if (b.length != 48) {
                    throw new IllegalArgumentException("a measurement has 48 bytes: " + m);
                  }
                  return HEX.formatHex(b);
                })
            .collect(Collectors.toUnmodifiableSet());
    return new SnpPolicy(allowDebug, minimumTcb, norm, expectedReportData);
  }

  /** This policy, requiring REPORT_DATA to equal {@code reportData} (64 bytes). */
  public SnpPolicy withExpectedReportData(byte[] reportData) {
    if (reportData.length != 64) {
      throw new IllegalArgumentException("REPORT_DATA has 64 bytes, not " + reportData.length);
    }
    return new SnpPolicy(allowDebug, minimumTcb, allowedMeasurements, reportData.clone());
  }

  public boolean allowDebug() {
    return allowDebug;
  }

  public Optional<TcbVersion> minimumTcb() {
    return Optional.ofNullable(minimumTcb);
  }

  public Set<String> allowedMeasurements() {
    return allowedMeasurements;
  }

  public Optional<byte[]> expectedReportData() {
    return Optional.ofNullable(expectedReportData).map(byte[]::clone);
  }

  /** Checks the policy against a report whose signature has already been verified. */
  void check(SnpReport report, TcbVersion reportedTcb) throws SnpVerificationException {
    if (report.debugAllowed() && !allowDebug) {
      throw new SnpVerificationException(
          "guest policy allows debugging (policy 0x" + Long.toHexString(report.policy()) + ")");
    }
    if (minimumTcb != null && !reportedTcb.isAtLeast(minimumTcb)) {
      throw new SnpVerificationException(
          "reported TCB (" + reportedTcb + ") is below the minimum (" + minimumTcb + ")");
    }
    if (!allowedMeasurements.isEmpty()
        && !allowedMeasurements.contains(HEX.formatHex(report.measurement()))) {
      throw new SnpVerificationException(
          "measurement " + HEX.formatHex(report.measurement()) + " is not an allowed measurement");
    }
    if (expectedReportData != null
        && !MessageDigest.isEqual(expectedReportData, report.reportData())) {
      throw new SnpVerificationException("REPORT_DATA does not match the expected value");
    }
  }
}
