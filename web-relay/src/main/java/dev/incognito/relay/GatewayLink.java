package dev.incognito.relay;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The relay's one upstream: the configured gateway. A forwarded request carries the encapsulated
 * bytes, their media type and a fixed {@code User-Agent}, and nothing else: no client address, no
 * {@code Forwarded} or {@code X-Forwarded-*}, no cookies, no authorization, no client user agent
 * (RFC 9458 §6.2 and §7.2).
 *
 * <p>Fault tolerance, each configurable through MicroProfile Config with the standard keys (for
 * example {@code dev.incognito.relay.GatewayLink/forward/Timeout/value}): the call times out until
 * the gateway's response headers arrive, a bulkhead caps concurrent forwards, and a circuit breaker
 * stops hammering a gateway that does not answer. Gateway responses of any status are successes;
 * only failures to reach it count against the breaker.
 */
@ApplicationScoped
public class GatewayLink {

  private static final Logger LOG = Logger.getLogger(GatewayLink.class.getName());

  /** The only {@code User-Agent} the relay sends; the same for every client. */
  static final String USER_AGENT = "incognito-relay";

  /** Default time to wait for the gateway's response headers, seconds. */
  static final long TIMEOUT_SECONDS = 120;

  @Inject
  @ConfigProperty(
      name = "incognito.relay.gateway-url",
      defaultValue = "http://localhost:8080/gateway/")
  String gatewayUrl;

  /** Time to open a TCP connection to the gateway, milliseconds. */
  @Inject
  @ConfigProperty(name = "incognito.relay.connect-timeout-ms", defaultValue = "5000")
  long connectTimeoutMs;

  private URI gateway;
  private HttpClient client;

  @PostConstruct
  void init() {
    gateway = URI.create(gatewayUrl);
    if (!"http".equals(gateway.getScheme()) && !"https".equals(gateway.getScheme())) {
      throw new IllegalArgumentException(
          "incognito.relay.gateway-url must be an http or https URL");
    }
    client =
        HttpClient.newBuilder()
            // HTTP/1.1: no h2c upgrade headers, one predictable request shape for every client
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(connectTimeoutMs))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    LOG.info(() -> "relay forwards to the gateway at " + gateway);
  }

  /**
   * Sends one encapsulated request to the gateway.
   *
   * @param body the encapsulated request, as received
   * @param mediaType its media type (one of the two the relay accepts)
   * @return the gateway's response, its body not yet read; the caller closes it
   * @throws IOException when the gateway cannot be reached
   */
  @Timeout(value = TIMEOUT_SECONDS, unit = ChronoUnit.SECONDS)
  @Bulkhead(64)
  @CircuitBreaker(
      requestVolumeThreshold = 20,
      failureRatio = 0.5,
      delay = 10,
      delayUnit = ChronoUnit.SECONDS,
      successThreshold = 2)
  public HttpResponse<InputStream> forward(byte[] body, String mediaType)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(gateway)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", mediaType)
            .header("User-Agent", USER_AGENT)
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }
}
