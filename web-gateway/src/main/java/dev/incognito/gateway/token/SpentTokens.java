package dev.incognito.gateway.token;

import java.util.HexFormat;
import javax.cache.Cache;

/**
 * The double-spend store: token nonces already redeemed, in a JCache cache that every gateway
 * replica shares (Payara's Hazelcast data grid). Entries expire with the issuer key's lifetime,
 * after which the token could not verify anyway. It holds nonces only: nothing that names a person,
 * an address or a time finer than the cache's expiry.
 */
public final class SpentTokens {

  /** Name of the grid cache. */
  public static final String CACHE = "incognito-spent-tokens";

  private final Cache<String, Boolean> spent;

  public SpentTokens(Cache<String, Boolean> spent) {
    this.spent = spent;
  }

  /**
   * Spends a token's nonce.
   *
   * @return true the first time; false when the nonce was already spent (a replay)
   */
  public boolean spend(byte[] nonce) {
    return spent.putIfAbsent(HexFormat.of().formatHex(nonce), Boolean.TRUE);
  }
}
