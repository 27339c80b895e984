/**
 * The transparency log: an append-only RFC 9162 Merkle log served in the C2SP tlog-tiles layout,
 * with Ed25519-signed checkpoints, stored durably through {@link dev.incognito.tlog.TileStore}.
 */
package dev.incognito.tlog;
