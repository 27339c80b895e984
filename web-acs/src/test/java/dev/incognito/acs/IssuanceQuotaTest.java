package dev.incognito.acs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

class IssuanceQuotaTest {

  private static Cache<String, Integer> cache(String name) {
    return Caching.getCachingProvider()
        .getCacheManager()
        .createCache(
            name,
            new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
  }

  @Test
  void tryTake_enforcesTheDailyLimitPerPerson() {
    var quota = new IssuanceQuota(cache("q1"), 3);
    LocalDate day = LocalDate.of(2026, 11, 22);
    for (int i = 0; i < 3; i++) {
      assertTrue(quota.tryTake("alice", day));
    }
    assertFalse(quota.tryTake("alice", day), "fourth token on the same day is refused");
    assertTrue(quota.tryTake("bob", day), "another person has their own quota");
    assertTrue(quota.tryTake("alice", day.plusDays(1)), "a new day starts a new quota");
  }

  @Test
  void tryTake_neverExceedsTheLimitUnderConcurrency() throws Exception {
    var quota = new IssuanceQuota(cache("q2"), 50);
    LocalDate day = LocalDate.of(2026, 11, 22);
    AtomicInteger granted = new AtomicInteger();
    var pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 200; i++) {
      pool.submit(
          () -> {
            if (quota.tryTake("carol", day)) {
              granted.incrementAndGet();
            }
          });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(50, granted.get());
  }

  @Test
  void key_doesNotContainTheName() {
    String key = IssuanceQuota.key("alice@example.com", LocalDate.of(2026, 11, 22));
    assertFalse(key.contains("alice"));
    assertTrue(key.endsWith(":2026-11-22"));
  }
}
