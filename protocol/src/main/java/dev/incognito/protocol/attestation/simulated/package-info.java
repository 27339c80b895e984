/**
 * A simulated SEV-SNP platform for machines without a TEE: a locally generated ARK → ASK → VCEK
 * hierarchy shaped like AMD's, producing attestation reports in the real format. {@link
 * dev.incognito.protocol.attestation.snp.SnpVerifier} accepts them only when the simulated ARK is
 * passed as the trusted root, and then marks the result {@link
 * dev.incognito.protocol.attestation.Origin#SIMULATED}. Such evidence proves nothing about
 * hardware.
 */
package dev.incognito.protocol.attestation.simulated;
