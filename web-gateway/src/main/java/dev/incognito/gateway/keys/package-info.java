/**
 * The gateway's OHTTP keys on disk (RFC 9458 §3): one owner-only file per key, generated at first
 * start, rotated by the administrator or when the newest key nears its end, with an overlap during
 * which both key configurations are published and accepted.
 */
package dev.incognito.gateway.keys;
