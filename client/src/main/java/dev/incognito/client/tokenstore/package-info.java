/**
 * Anonymous tokens kept on the device between runs, one owner-only file each, deleted when spent
 * (RFC 9577: a token is single-use).
 */
package dev.incognito.client.tokenstore;
