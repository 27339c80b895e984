package dev.incognito.protocol.attestation.tdx;

import dev.incognito.protocol.attestation.Origin;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * A quote that verified.
 *
 * @param quote the parsed quote
 * @param pck the PCK certificate that signed the QE report
 * @param pckExtensions FMSPC, PCE-ID and the platform TCB from the PCK certificate
 * @param tcb the TCB level search, when TCB info was given
 * @param qeStatus the QE's TCB status, when the QE identity was given
 * @param pckRevocationChecked whether both CRLs were given and checked
 * @param origin {@link Origin#VENDOR} when the chain ends in the pinned Intel SGX Root CA
 */
public record TdxVerification(
    TdxQuote quote,
    X509Certificate pck,
    PckExtensions pckExtensions,
    Optional<TcbInfo.Evaluation> tcb,
    Optional<TcbStatus> qeStatus,
    boolean pckRevocationChecked,
    Origin origin) {}
