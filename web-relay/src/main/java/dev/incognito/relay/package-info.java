/**
 * The Oblivious HTTP relay resource, RFC 9458 §2 and §6.2: it accepts encapsulated requests from
 * clients, forwards the opaque bytes to the one gateway it is configured for, and returns the
 * gateway's answer unchanged. It learns the client's address and nothing else; it forwards nothing
 * that identifies the client and logs neither bodies nor addresses.
 */
package dev.incognito.relay;
