package dev.incognito.inference.nvml;

/**
 * {@code nvmlConfComputeSystemState_t}.
 *
 * @param environment 0 unavailable, 1 simulated, 2 production ({@code
 *     NVML_CC_SYSTEM_ENVIRONMENT_*})
 * @param enabled confidential computing is on ({@code ccFeature})
 * @param devTools developer tools mode is on (evidence from such a GPU proves little)
 */
public record ConfComputeState(int environment, boolean enabled, boolean devTools) {
  public static final int ENVIRONMENT_PRODUCTION = 2;

  /** CC on, production environment, developer tools off. */
  public boolean production() {
    return enabled && environment == ENVIRONMENT_PRODUCTION && !devTools;
  }
}
