/**
 * The transparency log's data structures: RFC 9162 Merkle tree hashing and proofs, C2SP signed
 * notes, checkpoints and cosignatures, and the C2SP tlog-tiles layout.
 *
 * <p>Proof computation is written once over {@link dev.incognito.protocol.tlog.HashReader}, a
 * source of complete-subtree hashes: the log reads them from its storage, the device from fetched
 * tiles.
 */
package dev.incognito.protocol.tlog;
