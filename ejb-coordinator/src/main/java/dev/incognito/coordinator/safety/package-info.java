/**
 * The safety policy applied to every conversation and every answer: conservative refusals with a
 * fixed, kind message, and help resources for self-harm. The policy is a versioned JSON file (see
 * {@link dev.incognito.coordinator.safety.SafetyPolicy}); its SHA-256 goes into the attestation
 * bundle, every receipt and the transparency log, so a device knows exactly which rules applied.
 */
package dev.incognito.coordinator.safety;
