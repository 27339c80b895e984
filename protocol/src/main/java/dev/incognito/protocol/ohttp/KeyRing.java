package dev.incognito.protocol.ohttp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The gateway's keys, immutable. Rotation returns a new ring: the new key is published at once and
 * the old ones stay valid for an overlap, so clients holding the previous configuration are still
 * answered (RFC 9458 §3 leaves the schedule to the gateway).
 */
public final class KeyRing {

  /** Most keys in one ring: key ids are 8-bit. */
  public static final int MAX_KEYS = 256;

  private final List<GatewayKey> keys; // newest (latest notBefore) first

  private KeyRing(List<GatewayKey> keys) {
    this.keys = keys;
  }

  /**
   * A ring of {@code keys}, which must have distinct key ids.
   *
   * @throws IllegalArgumentException on a repeated key id or an empty list
   */
  public static KeyRing of(List<GatewayKey> keys) {
    if (keys.isEmpty() || keys.size() > MAX_KEYS) {
      throw new IllegalArgumentException("a key ring holds 1.." + MAX_KEYS + " keys");
    }
    Set<Integer> ids = new HashSet<>();
    for (GatewayKey k : keys) {
      if (!ids.add(k.keyId())) {
        throw new IllegalArgumentException("key id " + k.keyId() + " appears twice");
      }
    }
    List<GatewayKey> sorted = new ArrayList<>(keys);
    sorted.sort(Comparator.comparing(GatewayKey::notBefore).reversed());
    return new KeyRing(List.copyOf(sorted));
  }

  /** A ring with one fresh key, id 0, valid from {@code now} for {@code lifetime}. */
  public static KeyRing generate(
      Instant now, Duration lifetime, List<SymmetricAlgorithm> algorithms) {
    return of(List.of(GatewayKey.generate(0, algorithms, now, now.plus(lifetime))));
  }

  /** Every key, newest first, including retired ones not yet pruned by {@link #rotate}. */
  public List<GatewayKey> keys() {
    return keys;
  }

  /**
   * The key configurations to publish at {@code now}, newest first (during an overlap, several).
   */
  public List<KeyConfig> active(Instant now) {
    return keys.stream().filter(k -> k.isActive(now)).map(GatewayKey::config).toList();
  }

  /**
   * The {@code application/ohttp-keys} body for {@code now}.
   *
   * @throws IllegalStateException when no key is active
   */
  public byte[] ohttpKeys(Instant now) {
    List<KeyConfig> active = active(now);
    if (active.isEmpty()) {
      throw new IllegalStateException("no active gateway key");
    }
    return KeyConfigs.encode(active);
  }

  /**
   * The key for {@code keyId}, if it is not retired at {@code now}. A key whose notBefore is still
   * ahead is accepted, so that replicas with slightly different clocks agree.
   *
   * @throws UnknownKeyIdException when no key has this id or it is retired
   */
  public GatewayKey find(int keyId, Instant now) throws UnknownKeyIdException {
    for (GatewayKey k : keys) {
      if (k.keyId() == keyId) {
        if (k.isRetired(now)) {
          throw new UnknownKeyIdException(keyId, "key id " + keyId + " is retired");
        }
        return k;
      }
    }
    throw new UnknownKeyIdException(keyId, "key id " + keyId + " is unknown");
  }

  /**
   * Rotates at {@code now}: drops retired keys, ends every remaining key at {@code now + overlap}
   * at the latest, and adds a fresh key valid from {@code now} for {@code lifetime}. The new key
   * offers the same algorithms as the newest key and takes the next key id after it (mod 256) that
   * no remaining key uses.
   *
   * @throws IllegalArgumentException when overlap is negative or lifetime not longer than overlap
   */
  public KeyRing rotate(Instant now, Duration lifetime, Duration overlap) {
    if (overlap.isNegative() || lifetime.compareTo(overlap) <= 0) {
      throw new IllegalArgumentException("need 0 <= overlap < lifetime");
    }
    Instant end = now.plus(overlap);
    List<GatewayKey> next = new ArrayList<>();
    Set<Integer> used = new HashSet<>();
    for (GatewayKey k : keys) {
      if (k.isRetired(now) || !end.isAfter(k.notBefore())) {
        continue;
      }
      next.add(k.notAfter().isAfter(end) ? k.withNotAfter(end) : k);
      used.add(k.keyId());
    }
    if (used.size() >= MAX_KEYS) {
      throw new IllegalStateException("every key id is in use");
    }
    int id = (keys.get(0).keyId() + 1) & 0xFF;
    while (used.contains(id)) {
      id = (id + 1) & 0xFF;
    }
    next.add(GatewayKey.generate(id, keys.get(0).config().algorithms(), now, now.plus(lifetime)));
    return of(next);
  }

  @Override
  public String toString() {
    return "KeyRing" + keys;
  }
}
