package dev.incognito.acs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuerKeyRingTest {

  private static final Duration LIFETIME = Duration.ofDays(30);
  private static final Duration OVERLAP = Duration.ofDays(7);

  @TempDir Path dir;

  @Test
  void firstUse_generatesOneOwnerOnlyKeyThatSurvivesRestart() throws Exception {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    var ring = new IssuerKeyRing(dir, LIFETIME, OVERLAP, 2048);
    var first = ring.issuing(t0);
    assertEquals(1, ring.current(t0).size());
    try (var files = Files.list(dir)) {
      Path f = files.findFirst().orElseThrow();
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
    var reopened = new IssuerKeyRing(dir, LIFETIME, OVERLAP, 2048);
    assertEquals(first.key().tokenKey(), reopened.issuing(t0.plusSeconds(60)).key().tokenKey());
  }

  @Test
  void rotation_overlapsThenRetiresTheOldKey() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    var ring = new IssuerKeyRing(dir, LIFETIME, OVERLAP, 2048);
    var first = ring.issuing(t0);
    Instant nearEnd = t0.plus(LIFETIME).minus(OVERLAP).plusSeconds(1);
    var keys = ring.current(nearEnd);
    assertEquals(2, keys.size(), "successor published during the overlap");
    var second = ring.issuing(nearEnd);
    assertNotEquals(first.key().tokenKey(), second.key().tokenKey(), "the successor issues");
    Instant afterOverlap = t0.plus(LIFETIME).plus(OVERLAP).plusSeconds(1);
    assertTrue(
        ring.current(afterOverlap).stream()
            .noneMatch(e -> e.key().tokenKey().equals(first.key().tokenKey())),
        "the old key is no longer listed once its overlap has passed");
  }
}
