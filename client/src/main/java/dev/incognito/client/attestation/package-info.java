/**
 * The device's check of the gateway's bundle (ARCHITECTURE.md, "One request, end to end", step 2):
 * the SEV-SNP evidence's signature chain to a trusted root, its REPORT_DATA equal to SHA-512 of the
 * bundle's claims, and its MEASUREMENT against the person's pins. {@link
 * dev.incognito.client.attestation.BundleVerifier} fails closed and returns the step-by-step
 * report; a simulated root is trusted only when the person names it.
 */
package dev.incognito.client.attestation;
