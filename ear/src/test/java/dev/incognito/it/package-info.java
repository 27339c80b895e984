/**
 * Integration tests of the Incognito EAR on a real Payara Server, run by failsafe in {@code mvn
 * verify}: each {@code *IT} class deploys the EAR Maven built ({@link
 * dev.incognito.it.IncognitoEar}) and talks to it from outside over HTTP, as a client would.
 */
package dev.incognito.it;
