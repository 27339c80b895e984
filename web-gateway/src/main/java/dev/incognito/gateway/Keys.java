package dev.incognito.gateway;

import dev.incognito.gateway.keys.KeyStoreDirectory;
import dev.incognito.protocol.ohttp.KeyRing;
import dev.incognito.protocol.ohttp.OhttpGateway;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's OHTTP key ring and the decapsulator over it. Keys live under {@code
 * ${com.sun.aas.instanceRoot}/config/incognito/gateway} unless {@code incognito.gateway.key-dir}
 * says otherwise; they are generated at first start and rotated by {@link #rotate} or when the
 * newest key nears its end (checked at most once a minute).
 */
@ApplicationScoped
public class Keys {

  private static final Logger LOG = Logger.getLogger(Keys.class.getName());

  /** Largest encapsulated request accepted, bytes. */
  public static final int MAX_REQUEST_BYTES = OhttpGateway.DEFAULT_MAX_REQUEST_BYTES;

  private static final Duration CHECK_EVERY = Duration.ofMinutes(1);

  @Inject
  @ConfigProperty(name = "incognito.gateway.key-dir")
  Optional<String> keyDir;

  @Inject
  @ConfigProperty(name = "incognito.gateway.key-lifetime-days", defaultValue = "30")
  int lifetimeDays;

  @Inject
  @ConfigProperty(name = "incognito.gateway.key-overlap-days", defaultValue = "7")
  int overlapDays;

  private KeyStoreDirectory store;
  private volatile KeyRing ring;
  private volatile Instant checked;
  private OhttpGateway gateway;

  @PostConstruct
  void init() {
    Path dir =
        keyDir
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(Path::of)
            .orElse(
                Path.of(
                    System.getProperty("com.sun.aas.instanceRoot", "."),
                    "config",
                    "incognito",
                    "gateway"));
    store = new KeyStoreDirectory(dir, Duration.ofDays(lifetimeDays), Duration.ofDays(overlapDays));
    Instant now = Instant.now();
    try {
      ring = store.loadOrCreate(now);
    } catch (IOException e) {
      throw new UncheckedIOException("gateway keys in " + dir + ": " + e.getMessage(), e);
    }
    checked = now;
    gateway = new OhttpGateway(this::ring, Clock.systemUTC(), MAX_REQUEST_BYTES);
    LOG.info(() -> "gateway keys in " + dir + ": " + ring);
  }

  /** The current ring, rotating first if the newest key is near its end. */
  public KeyRing ring() {
    Instant now = Instant.now();
    if (checked.plus(CHECK_EVERY).isBefore(now)) {
      synchronized (this) {
        if (checked.plus(CHECK_EVERY).isBefore(now)) {
          try {
            ring = store.loadOrCreate(now);
          } catch (IOException e) {
            LOG.warning(() -> "gateway keys could not be refreshed: " + e.getMessage());
          }
          checked = now;
        }
      }
    }
    return ring;
  }

  /** Rotates now: a new key is published at once, the previous ones stay valid for the overlap. */
  public synchronized KeyRing rotate() throws IOException {
    ring = store.rotate(ring(), Instant.now());
    LOG.info(() -> "gateway keys rotated: " + ring);
    return ring;
  }

  OhttpGateway gateway() {
    return gateway;
  }
}
