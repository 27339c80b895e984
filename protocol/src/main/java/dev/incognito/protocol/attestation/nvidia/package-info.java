/**
 * NVIDIA confidential-computing GPU attestation: Hopper attestation reports, which are the SPDM 1.1
 * GET_MEASUREMENTS request and its signed MEASUREMENTS response (DMTF DSP0274 §10.11), and {@link
 * dev.incognito.protocol.attestation.nvidia.NvidiaVerifier}, which checks them against the NVIDIA
 * Device Identity CA (pinned as a resource beside this package).
 */
package dev.incognito.protocol.attestation.nvidia;
