/** Files the device writes for the person alone: transcripts, history, stored tokens. */
package dev.incognito.client.ownerfiles;
