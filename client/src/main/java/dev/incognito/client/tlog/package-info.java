/**
 * The device's side of the transparency log: fetching checkpoints and tiles, checking signatures
 * against a witness policy, remembering the last checkpoint seen per log to detect split views, and
 * running a witness.
 */
package dev.incognito.client.tlog;
