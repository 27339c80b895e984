/**
 * Binary HTTP (RFC 9292): the inner request and response that Oblivious HTTP (RFC 9458)
 * encapsulates.
 *
 * <p>{@link dev.incognito.protocol.bhttp.BinaryRequest} and {@link
 * dev.incognito.protocol.bhttp.BinaryResponse} are the validated message values; {@link
 * dev.incognito.protocol.bhttp.BinaryHttp} encodes them in the known-length or indeterminate-length
 * form and decodes either, accepting truncation at section boundaries and rejecting non-zero
 * padding; {@link dev.incognito.protocol.bhttp.Padding} pads encoded messages to size buckets.
 * Streamed answers use {@link dev.incognito.protocol.bhttp.IndeterminateResponseWriter} on the
 * gateway and {@link dev.incognito.protocol.bhttp.IncrementalResponseDecoder} on the device. Every
 * failure to decode is a {@link dev.incognito.protocol.bhttp.BinaryHttpException}.
 */
package dev.incognito.protocol.bhttp;
