/**
 * AMD SEV-SNP attestation: the ATTESTATION_REPORT of the AMD SEV-SNP ABI specification (chapter
 * "MSG_REPORT_REQ", table "ATTESTATION_REPORT Structure"), the VCEK/VLEK certificate extensions of
 * AMD's "VCEK Certificate and KDS Interface Specification", and {@link
 * dev.incognito.protocol.attestation.snp.SnpVerifier}, which checks a report against the genuine
 * AMD ARKs for Milan, Genoa and Turin (pinned as resources beside this package, taken from AMD's
 * Key Distribution Service) or against a root the caller names.
 *
 * <p>For the gateway's bundle, REPORT_DATA is {@code BundleClaims.reportData()}: verify with {@code
 * SnpPolicy.strict().withExpectedReportData(claims.reportData())}.
 */
package dev.incognito.protocol.attestation.snp;
