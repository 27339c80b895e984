package dev.incognito.acs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.cache.Cache;

/**
 * Per-person daily issuance counts in the data grid, so that every issuer replica enforces the same
 * quota. The only record: {@code SHA-256(person) : day → count}. Nothing about the tokens
 * themselves (blinded messages, signatures, key ids or times finer than a day) is kept.
 */
final class IssuanceQuota {

  /** Longest CAS loop under contention before the request is refused. */
  static final int MAX_ATTEMPTS = 64;

  private final Cache<String, Integer> counts;
  private final int perDay;

  IssuanceQuota(Cache<String, Integer> counts, int perDay) {
    if (perDay < 1) {
      throw new IllegalArgumentException("tokens per day must be at least 1");
    }
    this.counts = counts;
    this.perDay = perDay;
  }

  /** The grid key for {@code person} on {@code day}. */
  static String key(String person, LocalDate day) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(("incognito-quota\0" + person).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h) + ":" + day;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /**
   * Counts one token for {@code person} today.
   *
   * @return false when the person's quota for today is used up
   */
  boolean tryTake(String person, LocalDate today) {
    String key = key(person, today);
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      Integer old = counts.get(key);
      if (old == null) {
        if (counts.putIfAbsent(key, 1)) {
          return true;
        }
      } else if (old >= perDay) {
        return false;
      } else if (counts.replace(key, old, old + 1)) {
        return true;
      }
    }
    return false;
  }

  int perDay() {
    return perDay;
  }

  static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }
}
