/**
 * The Oblivious Gateway Resource (RFC 9458 §2): {@code POST /gateway/} decapsulates an encapsulated
 * request, checks it is not a replay, decodes the Binary HTTP request inside (RFC 9292), redeems
 * its Privacy Pass token (RFC 9577) and hands it to the coordinator; the answer goes back
 * encapsulated, chunked when the coordinator streams it. {@code GET /gateway/ohttp-keys} publishes
 * the key configurations and {@code GET /gateway/bundle} the attestation bundle.
 *
 * <p>Errors before decryption are plain problem details (400, 413, 415, 405, and the RFC 9458 §5.3
 * problem type for an unknown key); errors after decryption travel encrypted: outer 200, inner 4xx
 * with the OpenAI-compatible error body.
 */
package dev.incognito.gateway;
