/**
 * NVIDIA's management library ({@code libnvidia-ml}) through JNA: device names, memory and
 * utilisation for metrics, and the confidential-computing state and GPU attestation evidence
 * (report over a caller's nonce, certificate chains) for a verifier such as {@code
 * dev.incognito.protocol.attestation.nvidia.NvidiaVerifier}. Only the calls used are bound; {@link
 * dev.incognito.inference.nvml.Nvml#available()} reports whether the library loaded.
 */
package dev.incognito.inference.nvml;
