package dev.incognito.protocol.attestation.tdx;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a verified quote must also satisfy. {@link #strict()}: the TD not debuggable, all collateral
 * present and verified (TCB info, QE identity, both CRLs), platform and QE TCB UpToDate.
 */
public final class TdxPolicy {

  private static final HexFormat HEX = HexFormat.of();

  private final boolean allowDebug;
  private final boolean requireCollateral;
  private final Set<TcbStatus> acceptedTcbStatuses;
  private final Set<String> allowedMrTd;
  private final byte[] expectedReportData;

  private TdxPolicy(
      boolean allowDebug,
      boolean requireCollateral,
      Set<TcbStatus> acceptedTcbStatuses,
      Set<String> allowedMrTd,
      byte[] expectedReportData) {
    this.allowDebug = allowDebug;
    this.requireCollateral = requireCollateral;
    this.acceptedTcbStatuses = acceptedTcbStatuses;
    this.allowedMrTd = allowedMrTd;
    this.expectedReportData = expectedReportData;
  }

  public static TdxPolicy strict() {
    return new TdxPolicy(false, true, Set.of(TcbStatus.UP_TO_DATE), Set.of(), null);
  }

  /** This policy, accepting debuggable TDs (never for production). */
  public TdxPolicy withDebugAllowed() {
    return new TdxPolicy(
        true, requireCollateral, acceptedTcbStatuses, allowedMrTd, expectedReportData);
  }

  /**
   * This policy, not requiring collateral: whatever collateral is given is still verified, and the
   * result says which TCB checks were not made.
   */
  public TdxPolicy withCollateralOptional() {
    return new TdxPolicy(allowDebug, false, acceptedTcbStatuses, allowedMrTd, expectedReportData);
  }

  /** This policy, accepting these statuses for the platform TCB and the QE TCB. */
  public TdxPolicy withAcceptedTcbStatuses(Set<TcbStatus> statuses) {
    if (statuses.isEmpty()) {
      throw new IllegalArgumentException("at least one TCB status must be accepted");
    }
    return new TdxPolicy(
        allowDebug, requireCollateral, Set.copyOf(statuses), allowedMrTd, expectedReportData);
  }

  /** This policy, requiring MRTD to be one of {@code mrTds} (hex, 48 bytes). */
  public TdxPolicy withAllowedMrTd(Set<String> mrTds) {
    Set<String> norm =
        mrTds.stream()
            .map(
                m -> {
                  byte[] b = HEX.parseHex(m.toLowerCase(Locale.ROOT));
                  if (b.length != 48) {
                    throw new IllegalArgumentException("MRTD has 48 bytes: " + m);
                  }
                  return HEX.formatHex(b);
                })
            .collect(Collectors.toUnmodifiableSet());
    return new TdxPolicy(
        allowDebug, requireCollateral, acceptedTcbStatuses, norm, expectedReportData);
  }

  /** This policy, requiring REPORTDATA to equal {@code reportData} (64 bytes). */
  public TdxPolicy withExpectedReportData(byte[] reportData) {
    if (reportData.length != 64) {
      throw new IllegalArgumentException("REPORTDATA has 64 bytes, not " + reportData.length);
    }
    return new TdxPolicy(
        allowDebug, requireCollateral, acceptedTcbStatuses, allowedMrTd, reportData.clone());
  }

  public boolean allowDebug() {
    return allowDebug;
  }

  public boolean requireCollateral() {
    return requireCollateral;
  }

  public Set<TcbStatus> acceptedTcbStatuses() {
    return acceptedTcbStatuses;
  }

  public Set<String> allowedMrTd() {
    return allowedMrTd;
  }

  public Optional<byte[]> expectedReportData() {
    return Optional.ofNullable(expectedReportData).map(byte[]::clone);
  }
}
