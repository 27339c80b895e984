package dev.incognito.gateway;

import dev.incognito.gateway.token.IssuerDirectory;
import dev.incognito.gateway.token.Redemption;
import dev.incognito.gateway.token.SpentTokens;
import dev.incognito.protocol.token.TokenChallenge;
import dev.incognito.protocol.token.TokenException;
import dev.incognito.protocol.token.TokenKey;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's Privacy Pass redemption: the issuer's keys, fetched from its directory (RFC 9578
 * §4) and cached, and the challenge this gateway issues (token type 0x0002, the configured issuer
 * name, empty redemption context and origin info, so devices may fetch tokens ahead of time). When
 * the directory cannot be fetched and no copy younger than {@link #MAX_STALE} is held, redemption
 * fails closed.
 */
@ApplicationScoped
public class Tokens {

  private static final Logger LOG = Logger.getLogger(Tokens.class.getName());

  /** Longest a cached directory is used while the issuer cannot be reached. */
  static final Duration MAX_STALE = Duration.ofHours(24);

  @Inject
  @ConfigProperty(
      name = "incognito.gateway.issuer-directory-url",
      defaultValue = "http://localhost:8080/acs/.well-known/private-token-issuer-directory")
  String directoryUrl;

  /** The issuer name in challenges; by default the directory URL's host and port. */
  @Inject
  @ConfigProperty(name = "incognito.gateway.issuer-name")
  Optional<String> issuerName;

  /** How long a fetched directory is used before it is fetched again, seconds. */
  @Inject
  @ConfigProperty(name = "incognito.gateway.issuer-directory-refresh-seconds", defaultValue = "300")
  long refreshSeconds;

  @Inject GridCaches caches;

  private URI directory;
  private TokenChallenge challenge;
  private HttpClient client;
  private SpentTokens spent;
  private volatile Cached cached;

  private record Cached(Redemption redemption, Instant fetched) {}

  /** No usable issuer keys: the request is refused with a 503. */
  static final class IssuerUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    IssuerUnavailableException(String message) {
      super(message, null, false, false);
    }
  }

  @PostConstruct
  void init() {
    directory = URI.create(directoryUrl);
    String name =
        issuerName
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .orElse(
                directory.getPort() < 0
                    ? directory.getHost()
                    : directory.getHost() + ":" + directory.getPort());
    challenge = new TokenChallenge(2, name, null, "");
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    spent = new SpentTokens(caches.spentTokens());
  }

  /** The redemption against the current issuer keys, fetching the directory when it is due. */
  Redemption redemption() throws IssuerUnavailableException {
    Cached c = cached;
    Instant now = Instant.now();
    if (c != null && c.fetched().plusSeconds(refreshSeconds).isAfter(now)) {
      return c.redemption();
    }
    synchronized (this) {
      c = cached;
      if (c != null && c.fetched().plusSeconds(refreshSeconds).isAfter(now)) {
        return c.redemption();
      }
      try {
        List<TokenKey> keys = IssuerDirectory.parse(fetch());
        Cached fresh = new Cached(new Redemption(challenge, keys, spent), now);
        cached = fresh;
        return fresh.redemption();
      } catch (IOException | TokenException e) {
        LOG.warning(() -> "issuer directory " + directory + " unusable: " + e.getMessage());
        if (c != null && c.fetched().plus(MAX_STALE).isAfter(now)) {
          return c.redemption();
        }
        throw new IssuerUnavailableException("the token issuer's keys are not available");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IssuerUnavailableException("the token issuer's keys are not available");
      }
    }
  }

  private byte[] fetch() throws IOException, InterruptedException {
    HttpResponse<InputStream> r =
        client.send(
            HttpRequest.newBuilder(directory)
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/private-token-issuer-directory")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new IOException("status " + r.statusCode());
      }
      byte[] body = in.readNBytes(IssuerDirectory.MAX_BYTES + 1);
      if (body.length > IssuerDirectory.MAX_BYTES) {
        throw new IOException("directory larger than " + IssuerDirectory.MAX_BYTES + " bytes");
      }
      return body;
    }
  }
}
