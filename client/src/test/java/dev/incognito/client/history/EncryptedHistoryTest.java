package dev.incognito.client.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.client.chat.ChatMessage;
import dev.incognito.client.ownerfiles.OwnerOnlyFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encrypted history on a real file system, with a clock the test moves. */
class EncryptedHistoryTest {

  private static final String MARKER = "zebra-marker-7f3a91";
  private static final char[] PASSPHRASE = "correct horse battery".toCharArray();

  @TempDir Path dir;

  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final SecureRandom random = new SecureRandom();

  private EncryptedHistory open(char[] passphrase) throws Exception {
    return EncryptedHistory.open(dir, passphrase.clone(), clock, random);
  }

  private static List<ChatMessage> talk() {
    return List.of(
        ChatMessage.user("my secret is " + MARKER),
        ChatMessage.assistant("noted: " + MARKER + " ✓"));
  }

  @Test
  void saveAndRead_roundTripsUnderTheSamePassphrase() throws Exception {
    Conversation c;
    try (EncryptedHistory h = open(PASSPHRASE)) {
      c = h.start(Duration.ofDays(1)).withMessages(talk());
      h.save(c);
    }
    try (EncryptedHistory h = open(PASSPHRASE)) {
      Conversation back = h.read(c.id());
      assertEquals(c, back);
      assertEquals(List.of(c), h.list());
    }
  }

  @Test
  void files_holdNothingReadable_andAreOwnerOnly() throws Exception {
    try (EncryptedHistory h = open(PASSPHRASE)) {
      h.save(h.start(Duration.ofHours(2)).withMessages(talk()));
      h.save(h.start(Duration.ofHours(3)).withMessages(talk()));
    }
    byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
    byte[] pass = new String(PASSPHRASE).getBytes(StandardCharsets.UTF_8);
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertEquals(3, files.size(), files.toString());
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      assertFalse(contains(b, marker), "the marker is readable in " + f);
      assertFalse(contains(b, pass), "the passphrase is readable in " + f);
      assertFalse(contains(b, "secret".getBytes(StandardCharsets.UTF_8)), f.toString());
      assertTrue(OwnerOnlyFiles.isOwnerOnly(f), f + " is readable by others");
      assertFalse(f.getFileName().toString().contains(MARKER));
    }
    assertTrue(OwnerOnlyFiles.isOwnerOnly(dir));
  }

  @Test
  void open_wrongPassphrase_failsClosedWithItsOwnException() throws Exception {
    try (EncryptedHistory h = open(PASSPHRASE)) {
      h.save(h.start(Duration.ofDays(1)).withMessages(talk()));
    }
    var e =
        assertThrows(
            WrongPassphraseException.class, () -> open("correct horse batterY".toCharArray()));
    assertTrue(e.getMessage().contains("passphrase does not open"), e.getMessage());
    assertFalse(e.getMessage().contains(MARKER));
    // nothing was deleted by the failed open
    try (EncryptedHistory h = open(PASSPHRASE)) {
      assertEquals(1, h.list().size());
    }
  }

  @Test
  void open_expiredRecordsAreDeleted_byTheInjectedClock() throws Exception {
    Conversation shortLived;
    Conversation longLived;
    try (EncryptedHistory h = open(PASSPHRASE)) {
      shortLived = h.start(Duration.ofHours(1)).withMessages(talk());
      longLived = h.start(Duration.ofDays(1)).withMessages(talk());
      h.save(shortLived);
      h.save(longLived);
    }
    clock.advance(Duration.ofMinutes(59));
    try (EncryptedHistory h = open(PASSPHRASE)) {
      assertEquals(2, h.list().size());
    }
    clock.advance(Duration.ofMinutes(1));
    try (EncryptedHistory h = open(PASSPHRASE)) {
      assertEquals(List.of(longLived), h.list());
      assertFalse(Files.exists(dir.resolve(shortLived.id() + EncryptedHistory.RECORD_SUFFIX)));
      assertThrows(HistoryException.class, () -> h.read(shortLived.id()));
    }
    clock.advance(Duration.ofDays(1));
    try (EncryptedHistory h = open(PASSPHRASE)) {
      assertEquals(List.of(), h.list());
      // saving an expired conversation deletes rather than writes
      h.save(longLived);
      assertEquals(List.of(), h.list());
    }
  }

  @Test
  void read_tamperedRecord_anyByte_isDetected() throws Exception {
    Conversation c;
    try (EncryptedHistory h = open(PASSPHRASE)) {
      c = h.start(Duration.ofDays(1)).withMessages(talk());
      h.save(c);
    }
    Path file = dir.resolve(c.id() + EncryptedHistory.RECORD_SUFFIX);
    byte[] original = Files.readAllBytes(file);
    // a byte of the ciphertext, of the tag, of the nonce, and of the expiry (moved later)
    for (int at : new int[] {original.length - 40, original.length - 1, 22, 11}) {
      byte[] b = original.clone();
      b[at] ^= 0x01;
      Files.write(file, b);
      try (EncryptedHistory h = open(PASSPHRASE)) {
        var e = assertThrows(HistoryException.class, () -> h.read(c.id()), "byte " + at);
        assertFalse(e instanceof WrongPassphraseException, "byte " + at);
        assertTrue(e.getMessage().contains("was changed or damaged"), e.getMessage());
      }
    }
    // a record renamed to another id fails too
    Files.write(file, original);
    String other = "0".repeat(32);
    Files.move(file, dir.resolve(other + EncryptedHistory.RECORD_SUFFIX));
    try (EncryptedHistory h = open(PASSPHRASE)) {
      assertThrows(HistoryException.class, () -> h.read(other));
    }
  }

  @Test
  void open_storeWithTooFewIterations_isRefused() throws Exception {
    open(PASSPHRASE).close();
    Path store = dir.resolve(EncryptedHistory.STORE_FILE);
    Files.writeString(
        store, Files.readString(store).replace("\"iterations\":600000", "\"iterations\":1000"));
    var e = assertThrows(HistoryException.class, () -> open(PASSPHRASE));
    assertTrue(e.getMessage().contains("1000 PBKDF2 iterations"), e.getMessage());
  }

  @Test
  void open_newHistoryWithAShortPassphrase_isRefused() {
    assertThrows(HistoryException.class, () -> open("short".toCharArray()));
  }

  @Test
  void clear_deletesEveryRecordAndTheSaltWithoutThePassphrase() throws Exception {
    try (EncryptedHistory h = open(PASSPHRASE)) {
      h.save(h.start(Duration.ofDays(1)).withMessages(talk()));
    }
    assertEquals(1, EncryptedHistory.clear(dir));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void parseTtl_readsUnitsAndRejectsOthers() {
    assertEquals(Duration.ofDays(1), EncryptedHistory.parseTtl("1d"));
    assertEquals(Duration.ofMinutes(30), EncryptedHistory.parseTtl("30m"));
    assertEquals(Duration.ofDays(14), EncryptedHistory.parseTtl("2w"));
    assertThrows(IllegalArgumentException.class, () -> EncryptedHistory.parseTtl("0d"));
    assertThrows(IllegalArgumentException.class, () -> EncryptedHistory.parseTtl("1y"));
    assertThrows(IllegalArgumentException.class, () -> EncryptedHistory.parseTtl("400d"));
  }

  @Test
  void derive_matchesThePublishedPbkdf2HmacSha256Vector() {
    // the widely published PBKDF2-HMAC-SHA256 vector: P = "password", S = "salt", c = 1, dkLen = 32
    byte[] k =
        EncryptedHistory.derive(
                "password".toCharArray(), "salt".getBytes(StandardCharsets.US_ASCII), 1)
            .revealForUse();
    assertArrayEquals(
        java.util.HexFormat.of()
            .parseHex("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        k);
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** A clock the test moves forward. */
  static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
