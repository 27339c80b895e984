/**
 * Privacy Pass publicly verifiable tokens: token type 0x0002, blind RSA (RFC 9474
 * RSABSSA-SHA384-PSS-Deterministic), the issuance protocol of RFC 9578 §6 and the HTTP
 * authentication scheme of RFC 9577.
 *
 * <p>The device builds a {@link dev.incognito.protocol.token.TokenRequest} from a {@link
 * dev.incognito.protocol.token.TokenChallenge} and the issuer's public key; the issuer signs the
 * blinded message without learning it; the device finalizes a {@link
 * dev.incognito.protocol.token.Token} that anyone holding the public key can verify, and that the
 * issuer cannot link to the issuance.
 */
package dev.incognito.protocol.token;
