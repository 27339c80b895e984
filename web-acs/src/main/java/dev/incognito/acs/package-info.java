/**
 * The anonymous token issuer (Privacy Pass, RFC 9578 token type 0x0002) behind the enterprise
 * login. It knows who asks for tokens and how many, never what the tokens are: it signs blinded
 * messages and keeps only per-person daily counts.
 */
package dev.incognito.acs;
