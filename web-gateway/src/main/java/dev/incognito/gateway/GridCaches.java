package dev.incognito.gateway;

import dev.incognito.gateway.token.SpentTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's shared state in Payara's data grid (JCache over Hazelcast): spent token nonces and
 * answered encapsulated requests. Both expire with the key lifetimes that bound their use.
 */
@ApplicationScoped
public class GridCaches {

  /** How long spent token nonces are remembered, days: the issuer key lifetime and overlap. */
  @Inject
  @ConfigProperty(name = "incognito.gateway.spent-token-days", defaultValue = "37")
  int spentTokenDays;

  @Inject
  @ConfigProperty(name = "incognito.gateway.key-lifetime-days", defaultValue = "30")
  int keyLifetimeDays;

  /**
   * Payara's cache manager over its data-grid member. ({@code Caching.getCachingProvider()} would
   * find Hazelcast's client provider first and wait forever for a cluster to connect to.)
   */
  @Inject CacheManager cacheManager;

  Cache<String, Boolean> spentTokens() {
    return cache(SpentTokens.CACHE, spentTokenDays);
  }

  Cache<String, Boolean> seenRequests() {
    return cache(SeenRequests.CACHE, keyLifetimeDays);
  }

  private Cache<String, Boolean> cache(String name, int days) {
    CacheManager cm = cacheManager;
    Cache<String, Boolean> c = cm.getCache(name, String.class, Boolean.class);
    if (c != null) {
      return c;
    }
    try {
      return cm.createCache(
          name,
          new MutableConfiguration<String, Boolean>()
              .setTypes(String.class, Boolean.class)
              .setExpiryPolicyFactory(
                  CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.DAYS, days))));
    } catch (CacheException e) {
      // another replica or thread created it first
      return cm.getCache(name, String.class, Boolean.class);
    }
  }
}
