package dev.incognito.gateway.attestation;

import java.util.Locale;

/** The value of {@code incognito.gateway.tee}: where the gateway's evidence comes from. */
public enum TeeMode {
  /** A locally generated SEV-SNP hierarchy; evidence marked SIMULATED (the default). */
  SIMULATED("simulated"),
  /** The kernel's configfs-tsm interface inside a SEV-SNP guest. */
  SEV_SNP("sev-snp"),
  /** No evidence: devices that verify will refuse the gateway. */
  NONE("none");

  private final String configValue;

  TeeMode(String configValue) {
    this.configValue = configValue;
  }

  public String configValue() {
    return configValue;
  }

  /** Parses a configuration value, case-insensitively. */
  public static TeeMode parse(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (TeeMode m : values()) {
      if (m.configValue.equals(v)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "incognito.gateway.tee must be simulated, sev-snp or none, not '" + value + "'");
  }
}
