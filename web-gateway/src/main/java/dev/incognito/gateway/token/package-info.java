/**
 * Redemption of Privacy Pass tokens at the gateway (RFC 9577, RFC 9578 §6.4): the token in the
 * encapsulated request is verified against the issuer's published keys and the gateway's challenge,
 * then spent — keyed by its nonce in a store shared by every replica — before the request reaches
 * the coordinator.
 */
package dev.incognito.gateway.token;
