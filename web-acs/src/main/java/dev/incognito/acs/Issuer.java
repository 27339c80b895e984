package dev.incognito.acs;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The issuer's keys and quota, configured from MicroProfile Config. */
@ApplicationScoped
public class Issuer {

  private static final Logger LOG = Logger.getLogger(Issuer.class.getName());

  /** Grid cache holding the per-person daily counts. */
  static final String QUOTA_CACHE = "incognito-issuance-quota";

  @Inject
  @ConfigProperty(name = "incognito.acs.key-dir", defaultValue = "")
  String keyDir;

  @Inject
  @ConfigProperty(name = "incognito.acs.key-lifetime-days", defaultValue = "30")
  int keyLifetimeDays;

  @Inject
  @ConfigProperty(name = "incognito.acs.key-overlap-days", defaultValue = "7")
  int keyOverlapDays;

  @Inject
  @ConfigProperty(name = "incognito.acs.key-bits", defaultValue = "2048")
  int keyBits;

  @Inject
  @ConfigProperty(name = "incognito.acs.tokens-per-day", defaultValue = "200")
  int tokensPerDay;

  /**
   * The data grid's cache manager, produced by Payara (JNDI {@code payara/CacheManager}). {@code
   * Caching.getCachingProvider()} would instead give a Hazelcast client looking for a cluster that
   * does not exist.
   */
  @Inject CacheManager cacheManager;

  private IssuerKeyRing keys;
  private IssuanceQuota quota;

  @PostConstruct
  void init() {
    Path dir =
        keyDir.isBlank()
            ? Path.of(
                System.getProperty("com.sun.aas.instanceRoot", "."),
                "config",
                "incognito",
                "issuer")
            : Path.of(keyDir);
    keys =
        new IssuerKeyRing(
            dir, Duration.ofDays(keyLifetimeDays), Duration.ofDays(keyOverlapDays), keyBits);
    CacheManager cm = cacheManager;
    Cache<String, Integer> cache = cm.getCache(QUOTA_CACHE, String.class, Integer.class);
    if (cache == null) {
      cache =
          cm.createCache(
              QUOTA_CACHE,
              new MutableConfiguration<String, Integer>()
                  .setTypes(String.class, Integer.class)
                  .setExpiryPolicyFactory(
                      CreatedExpiryPolicy.factoryOf(
                          new javax.cache.expiry.Duration(java.util.concurrent.TimeUnit.DAYS, 2))));
    }
    quota = new IssuanceQuota(cache, tokensPerDay);
    List<IssuerKeyRing.Entry> current = keys.current(Instant.now());
    LOG.info(
        () ->
            "token issuer ready: "
                + current.size()
                + " key(s), newest "
                + current.get(0).key().tokenKey()
                + "; quota "
                + tokensPerDay
                + " tokens per person per day");
  }

  IssuerKeyRing keys() {
    return keys;
  }

  IssuanceQuota quota() {
    return quota;
  }
}
