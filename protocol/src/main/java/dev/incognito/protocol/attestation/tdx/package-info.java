/**
 * Intel TDX attestation: quotes version 4 and 5 (Intel TDX DCAP Quote Generation and Verification
 * Library API, appendix "Quote Format"), the PCK certificate's SGX extension, Intel PCS collateral
 * (TDX TCB info, TD QE identity, CRLs), and {@link
 * dev.incognito.protocol.attestation.tdx.TdxVerifier}, which checks a quote against the Intel SGX
 * Root CA (pinned as a resource beside this package) at an injectable clock.
 */
package dev.incognito.protocol.attestation.tdx;
