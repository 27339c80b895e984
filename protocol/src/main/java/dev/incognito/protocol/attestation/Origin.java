package dev.incognito.protocol.attestation;

/** Where the root of a verified evidence chain comes from. */
public enum Origin {
  /**
   * The chain ends in a vendor root pinned in this library (AMD ARK, Intel SGX Root CA, NVIDIA).
   */
  VENDOR,
  /**
   * The chain ends in a root the caller passed explicitly and that is not a pinned vendor root,
   * such as a simulated TEE's locally generated root. Evidence of this origin proves nothing about
   * hardware.
   */
  SIMULATED
}
