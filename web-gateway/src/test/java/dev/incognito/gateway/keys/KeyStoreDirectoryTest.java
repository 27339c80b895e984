package dev.incognito.gateway.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.incognito.protocol.ohttp.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreDirectoryTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration LIFETIME = Duration.ofDays(30);
  private static final Duration OVERLAP = Duration.ofDays(7);

  @Test
  void loadOrCreate_generatesOnceThenReadsTheSameKeyBack(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("gateway");
    KeyRing first = new KeyStoreDirectory(dir, LIFETIME, OVERLAP).loadOrCreate(T0);
    KeyRing again =
        new KeyStoreDirectory(dir, LIFETIME, OVERLAP).loadOrCreate(T0.plus(Duration.ofDays(1)));
    assertEquals(1, first.keys().size());
    assertArrayEquals(first.ohttpKeys(T0), again.ohttpKeys(T0.plus(Duration.ofDays(1))));
  }

  @Test
  void files_areReadableByTheOwnerOnly(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("gateway");
    new KeyStoreDirectory(dir, LIFETIME, OVERLAP).loadOrCreate(T0);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
      }
    }
  }

  @Test
  void rotate_publishesBothConfigurationsDuringTheOverlapThenOnlyTheNew(@TempDir Path tmp)
      throws Exception {
    KeyStoreDirectory store = new KeyStoreDirectory(tmp, LIFETIME, OVERLAP);
    KeyRing ring = store.loadOrCreate(T0);
    Instant rotation = T0.plus(Duration.ofDays(2));
    KeyRing rotated = store.rotate(ring, rotation);
    assertEquals(2, rotated.active(rotation.plusSeconds(1)).size());
    int newId = rotated.active(rotation).get(0).keyId();
    assertNotEquals(ring.keys().get(0).keyId(), newId);
    Instant afterOverlap = rotation.plus(OVERLAP).plusSeconds(1);
    KeyRing reread = new KeyStoreDirectory(tmp, LIFETIME, OVERLAP).loadOrCreate(afterOverlap);
    assertEquals(1, reread.active(afterOverlap).size());
    assertEquals(newId, reread.active(afterOverlap).get(0).keyId());
  }

  @Test
  void loadOrCreate_rotatesWhenTheNewestKeyNearsItsEnd(@TempDir Path tmp) throws Exception {
    KeyRing ring = new KeyStoreDirectory(tmp, LIFETIME, OVERLAP).loadOrCreate(T0);
    Instant late = T0.plus(LIFETIME).minus(Duration.ofDays(3));
    KeyRing later = new KeyStoreDirectory(tmp, LIFETIME, OVERLAP).loadOrCreate(late);
    assertEquals(2, later.active(late).size());
    assertNotEquals(ring.keys().get(0).keyId(), later.keys().get(0).keyId());
  }
}
