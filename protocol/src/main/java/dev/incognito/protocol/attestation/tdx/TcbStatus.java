package dev.incognito.protocol.attestation.tdx;

/**
 * A TCB level's status as Intel's collateral names it (PCS API v4, "tcbStatus"), plus {@link
 * #NOT_SUPPORTED} when no level matches. Declared from best to worst.
 */
public enum TcbStatus {
  UP_TO_DATE("UpToDate"),
  SW_HARDENING_NEEDED("SWHardeningNeeded"),
  CONFIGURATION_NEEDED("ConfigurationNeeded"),
  CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
  OUT_OF_DATE("OutOfDate"),
  OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
  REVOKED("Revoked"),
  NOT_SUPPORTED("NotSupported");

  private final String json;

  TcbStatus(String json) {
    this.json = json;
  }

  /** The name used in Intel's JSON. */
  public String jsonName() {
    return json;
  }

  /** The status for a JSON name; unknown names are an error. */
  public static TcbStatus fromJson(String name) throws TdxVerificationException {
    for (TcbStatus s : values()) {
      if (s.json.equals(name)) {
        return s;
      }
    }
    throw new TdxVerificationException("unknown tcbStatus \"" + name + "\"");
  }

  /** The worse of two statuses. */
  public TcbStatus worse(TcbStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
