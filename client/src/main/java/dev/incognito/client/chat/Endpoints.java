package dev.incognito.client.chat;

import java.net.URI;
import java.util.Objects;

/**
 * Where the device sends things: the relay (every encapsulated request), the gateway (key
 * configurations and bundle, fetched directly: they are public and identical for everyone) and the
 * issuer (token requests, with the enterprise login).
 */
public record Endpoints(URI relay, URI gateway, URI issuer) {

  public static final URI DEFAULT_RELAY = URI.create("http://localhost:8080/relay/");
  public static final URI DEFAULT_GATEWAY = URI.create("http://localhost:8080/gateway/");
  public static final URI DEFAULT_ISSUER = URI.create("http://localhost:8080/acs/");

  public Endpoints {
    relay = check(relay, "relay");
    gateway = withSlash(check(gateway, "gateway"));
    issuer = withSlash(check(issuer, "issuer"));
  }

  /** The demo topology: all three on http://localhost:8080. */
  public static Endpoints defaults() {
    return new Endpoints(DEFAULT_RELAY, DEFAULT_GATEWAY, DEFAULT_ISSUER);
  }

  private static URI check(URI u, String what) {
    Objects.requireNonNull(u, what);
    String scheme = u.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || u.getHost() == null) {
      throw new IllegalArgumentException(what + " must be an http or https URL, got " + u);
    }
    return u;
  }

  private static URI withSlash(URI u) {
    String s = u.toString();
    return s.endsWith("/") ? u : URI.create(s + "/");
  }
}
