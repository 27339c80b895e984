/**
 * Attestation evidence: formats and verifiers for the confidential VM's report (AMD SEV-SNP in
 * {@code snp}, Intel TDX in {@code tdx}), the GPU's report (NVIDIA Hopper SPDM measurements in
 * {@code nvidia}), and a simulated SEV-SNP platform for machines without a TEE ({@code simulated}).
 *
 * <p>Every verifier fails closed with its own checked exception whose message names the check that
 * did not pass, and every result says whether it chains to a pinned vendor root ({@link
 * Origin#VENDOR}) or to a root the caller chose to trust ({@link Origin#SIMULATED}).
 */
package dev.incognito.protocol.attestation;
