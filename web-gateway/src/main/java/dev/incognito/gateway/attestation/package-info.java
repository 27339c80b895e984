/**
 * The gateway's attestation evidence (ARCHITECTURE.md, "One request, end to end", step 1): a
 * SEV-SNP ATTESTATION_REPORT whose REPORT_DATA is {@code BundleClaims.reportData()} of the bundle
 * it is served with, plus the certificates a device needs to check its signature.
 *
 * <p>The source is chosen by {@code incognito.gateway.tee}: {@code simulated} (default; a locally
 * generated hierarchy, evidence marked SIMULATED, proves nothing about hardware), {@code sev-snp}
 * (the kernel's configfs-tsm interface inside a confidential VM) or {@code none} (no evidence).
 */
package dev.incognito.gateway.attestation;
