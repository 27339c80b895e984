package dev.incognito.client.attestation;

import java.util.List;

/**
 * The bundle did not verify. The message names the check that failed and what it compared; {@link
 * #checks()} holds every step up to and including that one.
 */
public class BundleVerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<Check> checks;

  public BundleVerificationException(List<Check> checks, Throwable cause) {
    super(message(checks), cause);
    this.checks = List.copyOf(checks);
  }

  private static String message(List<Check> checks) {
    if (checks.isEmpty()) {
      return "bundle verification failed";
    }
    Check last = checks.get(checks.size() - 1);
    return (last.simulated() ? "SIMULATED " : "") + last.name() + " failed: " + last.compared();
  }

  /** The steps taken, the failed one last. */
  public List<Check> checks() {
    return checks;
  }

  /** The name of the check that failed. */
  public String failedCheck() {
    return checks.isEmpty() ? "bundle" : checks.get(checks.size() - 1).name();
  }
}
