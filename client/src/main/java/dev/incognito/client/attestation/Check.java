package dev.incognito.client.attestation;

import java.util.Objects;

/**
 * One step of a bundle verification.
 *
 * @param name what was checked, such as {@code REPORT_DATA binding}
 * @param compared what was compared with what, one line
 * @param passed whether it held
 * @param simulated whether the evidence is trusted only through a simulated root; then the line
 *     says SIMULATED
 */
public record Check(String name, String compared, boolean passed, boolean simulated) {

  public Check {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(compared, "compared");
  }

  /** One report line: {@code [ok] name: compared}, marked SIMULATED where that applies. */
  public String line() {
    return (passed ? "[ok]   " : "[FAIL] ")
        + (simulated ? "SIMULATED " : "")
        + name
        + ": "
        + compared;
  }
}
