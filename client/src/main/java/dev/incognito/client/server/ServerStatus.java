package dev.incognito.client.server;

import java.net.URI;
import java.util.List;

/**
 * What {@code incognito server status} reports: whether the domain runs, its ports (from its
 * configuration, so known while stopped too) and the applications deployed to it.
 *
 * @param running whether the domain's server process is up
 * @param httpPort plain HTTP listener (default 8080)
 * @param httpsPort TLS listener (default 8181)
 * @param adminPort admin console and asadmin (default 4848)
 * @param applications names of the deployed applications; empty while stopped
 */
public record ServerStatus(
    boolean running, int httpPort, int httpsPort, int adminPort, List<String> applications) {

  public ServerStatus {
    applications = List.copyOf(applications);
  }

  /** The server's base address for HTTP clients, {@code http://localhost:PORT/}. */
  public URI baseUri() {
    return URI.create("http://localhost:" + httpPort + "/");
  }
}
