/**
 * Receipts: accountability without retention. The coordinator signs, with the attested receipt key,
 * SHA-256 of the inner request, SHA-256 of the answer, the model and policy digests, the time and
 * the device's nonce. The server keeps nothing; the device keeps the transcript only when the
 * person asks, and anyone holding it can later check what the AI said.
 *
 * <p>The signed message (UTF-8, each line ending in LF):
 *
 * <pre>
 * incognito-receipt/v1
 * request &lt;hex SHA-256 of the inner request body&gt;
 * response &lt;hex SHA-256 of the answer text, UTF-8&gt;
 * model &lt;hex SHA-256 of the weights&gt;
 * policy &lt;hex SHA-256 of the safety policy&gt;
 * time &lt;Unix seconds&gt;
 * nonce &lt;base64url of the device's nonce, no padding&gt;
 * </pre>
 *
 * The signature is Ed25519 (RFC 8032) over those bytes.
 */
package dev.incognito.protocol.receipt;
