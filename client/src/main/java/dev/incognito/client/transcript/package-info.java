/**
 * Transcripts: an exchange the person chose to keep, with the receipt and the bundle fields needed
 * to check it later, offline, by anyone holding the file (ARCHITECTURE.md, step 8).
 */
package dev.incognito.client.transcript;
