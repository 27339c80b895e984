/**
 * The local Payara Server that runs the Incognito EAR for the demo and for the integration tests:
 * unpacking the distribution, creating and configuring the domain from the command files in {@code
 * config/}, starting, deploying, probing readiness over HTTP, stopping.
 *
 * <p>Entry points: {@link dev.incognito.client.server.ServerControl} for commands that need a
 * running server, {@link dev.incognito.client.server.DomainSetup#main} for the build's
 * integration-test set-up, {@link dev.incognito.client.server.DemoPassword} for the demo user's
 * password.
 */
package dev.incognito.client.server;
