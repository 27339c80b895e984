/**
 * Hybrid Public Key Encryption (RFC 9180): DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM,
 * AES-256-GCM, ChaCha20-Poly1305 and export-only, in the base, PSK, auth and auth-PSK modes.
 *
 * <p>{@link dev.incognito.protocol.hpke.Hpke} holds key generation and the Setup functions; a
 * {@link dev.incognito.protocol.hpke.SenderContext} seals and a {@link
 * dev.incognito.protocol.hpke.RecipientContext} opens, both export. {@link
 * dev.incognito.protocol.hpke.Kdf} and {@link dev.incognito.protocol.hpke.Aead} are the suite's KDF
 * and AEAD on their own, for protocols such as Oblivious HTTP that derive keys from an exported
 * secret. X25519 comes from BouncyCastle; HMAC and the AEADs from the Java runtime.
 */
package dev.incognito.protocol.hpke;
