/**
 * Disappearing conversations made durable only on request: AES-256-GCM records under a key the
 * person's passphrase derives, each deleted when its expiry passes (ARCHITECTURE.md, step 8).
 */
package dev.incognito.client.history;
