/**
 * Oblivious HTTP (RFC 9458) and chunked Oblivious HTTP (draft-ietf-ohai-chunked-ohttp).
 *
 * <p>Gateway: a {@link dev.incognito.protocol.ohttp.KeyRing} of {@link
 * dev.incognito.protocol.ohttp.GatewayKey}s publishes {@link
 * dev.incognito.protocol.ohttp.KeyConfig}s ({@link dev.incognito.protocol.ohttp.KeyConfigs} encodes
 * {@code application/ohttp-keys}); {@link dev.incognito.protocol.ohttp.OhttpGateway} decapsulates a
 * request into a {@link dev.incognito.protocol.ohttp.ServerContext}, which seals the one response,
 * whole or in chunks.
 *
 * <p>Client: {@link dev.incognito.protocol.ohttp.OhttpClient} encapsulates a request into a {@link
 * dev.incognito.protocol.ohttp.ClientContext}, which opens the response, whole or through a {@link
 * dev.incognito.protocol.ohttp.ChunkedResponseReader}.
 */
package dev.incognito.protocol.ohttp;
