package dev.incognito.client.history;

import dev.incognito.client.chat.ChatMessage;
import dev.incognito.client.ownerfiles.OwnerOnlyFiles;
import dev.incognito.protocol.secret.SecretBytes;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opt-in local history: conversations kept on the device, encrypted, each until its own expiry.
 * Without it (the default) a conversation lives only in the process's memory.
 *
 * <p>Layout of the folder (owner-only, normally {@code ${INCOGNITO_HOME:-~/.incognito}/history/}):
 *
 * <ul>
 *   <li>{@value #STORE_FILE}: JSON {@code {"format": "incognito-history/v1", "kdf":
 *       "PBKDF2-HMAC-SHA256", "iterations": n, "salt": b64url(16 bytes), "check": b64url(nonce ‖
 *       AES-256-GCM(key, "", aad = "incognito-history/v1 key check"))}}. The key is
 *       PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) of the passphrase and the random salt, 32 bytes, at
 *       least {@value #MIN_ITERATIONS} iterations (OWASP 2023). The check tells a wrong passphrase
 *       from a tampered record.
 *   <li>{@code <id>.rec}, one per conversation: {@code "ICH1" ‖ expires (u64, Unix seconds) ‖
 *       created (u64) ‖ nonce (12 bytes) ‖ AES-256-GCM ciphertext and 16-byte tag} (NIST SP
 *       800-38D). The associated data is the 20-byte header followed by the id in ASCII, so
 *       changing the expiry, or renaming a record, fails the tag. The plaintext is JSON {@code
 *       {"messages": [{"role", "content"}...]}}. The expiry is in clear so that expired records can
 *       be deleted at every open.
 * </ul>
 *
 * Deleting a record unlinks the file; on flash storage the old blocks may persist until reused,
 * which is why records are encrypted in the first place.
 */
public final class EncryptedHistory implements AutoCloseable {

  /** The format name. */
  public static final String FORMAT = "incognito-history/v1";

  /** Name of the store file in the history folder. */
  public static final String STORE_FILE = "store.json";

  /** Ending of record file names. */
  public static final String RECORD_SUFFIX = ".rec";

  /** PBKDF2 iterations for a new store, and the fewest accepted. */
  public static final int MIN_ITERATIONS = 600_000;

  /** Most PBKDF2 iterations accepted from a store file (bounds the work a changed file causes). */
  public static final int MAX_ITERATIONS = 10_000_000;

  /** Shortest passphrase accepted for a new history, characters. */
  public static final int MIN_PASSPHRASE_CHARS = 8;

  /** Largest record read, bytes. */
  public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

  /** Largest store file read, bytes. */
  public static final int MAX_STORE_BYTES = 4096;

  /** Most messages in one kept conversation. */
  public static final int MAX_MESSAGES = 10_000;

  /** Most records listed. */
  public static final int MAX_RECORDS = 10_000;

  /** Longest time a conversation may be kept. */
  public static final Duration MAX_TTL = Duration.ofDays(366);

  static final byte[] MAGIC = {'I', 'C', 'H', '1'};
  static final int HEADER_BYTES = 4 + 8 + 8;
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  private static final int SALT_BYTES = 16;
  private static final int KEY_BYTES = 32;
  private static final byte[] CHECK_AAD =
      (FORMAT + " key check").getBytes(StandardCharsets.US_ASCII);

  private final Path dir;
  private final SecretBytes key;
  private final Clock clock;
  private final SecureRandom random;

  private EncryptedHistory(Path dir, SecretBytes key, Clock clock, SecureRandom random) {
    this.dir = dir;
    this.key = key;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Opens the history in {@code dir}, creating it (with a new random salt) when absent, and deletes
   * every record whose expiry has passed.
   *
   * @param passphrase the person's passphrase; the caller clears it afterwards
   * @throws WrongPassphraseException when the passphrase does not open an existing history
   * @throws HistoryException when the store file is malformed
   */
  public static EncryptedHistory open(Path dir, char[] passphrase, Clock clock, SecureRandom random)
      throws HistoryException, IOException {
    Objects.requireNonNull(passphrase, "passphrase");
    OwnerOnlyFiles.folder(dir);
    Path store = dir.resolve(STORE_FILE);
    SecretBytes key;
    if (!Files.exists(store)) {
      if (passphrase.length < MIN_PASSPHRASE_CHARS) {
        throw new HistoryException(
            "a history passphrase has at least " + MIN_PASSPHRASE_CHARS + " characters");
      }
      byte[] salt = new byte[SALT_BYTES];
      random.nextBytes(salt);
      key = derive(passphrase, salt, MIN_ITERATIONS);
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      byte[] check = concat(nonce, seal(key, nonce, new byte[0], CHECK_AAD));
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      OwnerOnlyFiles.write(
          store,
          Json.createObjectBuilder()
              .add("format", FORMAT)
              .add("kdf", "PBKDF2-HMAC-SHA256")
              .add("iterations", MIN_ITERATIONS)
              .add("salt", b64.encodeToString(salt))
              .add("check", b64.encodeToString(check))
              .build()
              .toString()
              .getBytes(StandardCharsets.UTF_8));
    } else {
      key = unlock(store, passphrase);
    }
    EncryptedHistory h = new EncryptedHistory(dir, key, clock, random);
    h.deleteExpired();
    return h;
  }

  private static SecretBytes unlock(Path store, char[] passphrase)
      throws HistoryException, IOException {
    byte[] raw = readCapped(store, MAX_STORE_BYTES);
    byte[] salt;
    byte[] check;
    int iterations;
    try (var reader =
        Json.createReader(new StringReader(new String(raw, StandardCharsets.UTF_8)))) {
      JsonObject o = reader.readObject();
      if (!FORMAT.equals(o.getString("format"))
          || !"PBKDF2-HMAC-SHA256".equals(o.getString("kdf"))) {
        throw new HistoryException(store + " is not an " + FORMAT + " store");
      }
      iterations = o.getInt("iterations");
      salt = Base64.getUrlDecoder().decode(o.getString("salt"));
      check = Base64.getUrlDecoder().decode(o.getString("check"));
    } catch (JsonException
        | ClassCastException
        | NullPointerException
        | IllegalArgumentException e) {
      throw new HistoryException(store + " is malformed", e);
    }
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new HistoryException(
          store
              + " asks for "
              + iterations
              + " PBKDF2 iterations; accepted are "
              + MIN_ITERATIONS
              + " to "
              + MAX_ITERATIONS);
    }
    if (salt.length != SALT_BYTES || check.length != NONCE_BYTES + TAG_BITS / 8) {
      throw new HistoryException(store + " has a salt or key check of the wrong length");
    }
    SecretBytes key = derive(passphrase, salt, iterations);
    try {
      open(
          key,
          Arrays.copyOf(check, NONCE_BYTES),
          Arrays.copyOfRange(check, NONCE_BYTES, check.length),
          CHECK_AAD);
    } catch (AEADBadTagException e) {
      key.close();
      throw new WrongPassphraseException(
          "the passphrase does not open the history in " + store.getParent());
    }
    return key;
  }

  /** PBKDF2-HMAC-SHA256, RFC 8018 §5.2, 32-byte output. */
  static SecretBytes derive(char[] passphrase, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, KEY_BYTES * 8);
    try {
      return SecretBytes.wrap(
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by the Java platform", e);
    } finally {
      spec.clearPassword();
    }
  }

  // ------------------------------------------------------------------------------------------

  /** A new, empty conversation kept for {@code ttl} from now (not written until saved). */
  public Conversation start(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("a history TTL is more than 0 and at most 366 days");
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    return new Conversation(HexFormat.of().formatHex(id), now, now.plus(ttl), List.of());
  }

  /**
   * Writes {@code c} (replacing its earlier record); an expired conversation is deleted instead.
   */
  public void save(Conversation c) throws IOException {
    Path file = recordFile(c.id());
    if (!clock.instant().isBefore(c.expires())) {
      Files.deleteIfExists(file);
      return;
    }
    JsonArrayBuilder messages = Json.createArrayBuilder();
    for (ChatMessage m : c.messages()) {
      messages.add(Json.createObjectBuilder().add("role", m.role()).add("content", m.content()));
    }
    byte[] plain =
        Json.createObjectBuilder()
            .add("messages", messages)
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    byte[] header =
        ByteBuffer.allocate(HEADER_BYTES)
            .put(MAGIC)
            .putLong(c.expires().getEpochSecond())
            .putLong(c.created().getEpochSecond())
            .array();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed = seal(key, nonce, plain, aad(header, c.id()));
    Arrays.fill(plain, (byte) 0);
    OwnerOnlyFiles.write(file, concat(concat(header, nonce), sealed));
  }

  /** Reads one conversation. */
  public Conversation read(String id) throws HistoryException, IOException {
    if (!Conversation.validId(id)) {
      throw new HistoryException("no conversation " + id + " (ids are 32 hex characters)");
    }
    Path file = recordFile(id);
    byte[] raw;
    try {
      raw = readCapped(file, MAX_RECORD_BYTES);
    } catch (NoSuchFileException e) {
      throw new HistoryException("no conversation " + id + " (expired or deleted)", e);
    }
    if (raw.length < HEADER_BYTES + NONCE_BYTES + TAG_BITS / 8
        || !Arrays.equals(raw, 0, 4, MAGIC, 0, 4)) {
      throw new HistoryException(file + " is not an " + FORMAT + " record");
    }
    byte[] header = Arrays.copyOf(raw, HEADER_BYTES);
    ByteBuffer hb = ByteBuffer.wrap(header, 4, 16);
    long expires = hb.getLong();
    long created = hb.getLong();
    byte[] nonce = Arrays.copyOfRange(raw, HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
    byte[] plain;
    try {
      plain =
          open(
              key,
              nonce,
              Arrays.copyOfRange(raw, HEADER_BYTES + NONCE_BYTES, raw.length),
              aad(header, id));
    } catch (AEADBadTagException e) {
      throw new HistoryException(
          file + " was changed or damaged: its authentication tag does not verify", e);
    }
    try (var reader =
        Json.createReader(new StringReader(new String(plain, StandardCharsets.UTF_8)))) {
      List<ChatMessage> messages = new ArrayList<>();
      for (JsonValue v : reader.readObject().getJsonArray("messages")) {
        if (messages.size() >= MAX_MESSAGES) {
          throw new HistoryException(file + " holds more than " + MAX_MESSAGES + " messages");
        }
        JsonObject m = v.asJsonObject();
        messages.add(new ChatMessage(m.getString("role"), m.getString("content")));
      }
      return new Conversation(
          id, Instant.ofEpochSecond(created), Instant.ofEpochSecond(expires), messages);
    } catch (JsonException
        | ClassCastException
        | NullPointerException
        | IllegalArgumentException
        | java.time.DateTimeException e) {
      throw new HistoryException(file + " decrypts to something that is not a conversation", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** Every kept conversation, newest first. */
  public List<Conversation> list() throws HistoryException, IOException {
    List<Conversation> out = new ArrayList<>();
    for (String id : ids()) {
      out.add(read(id));
    }
    out.sort(Comparator.comparing(Conversation::created).reversed());
    return out;
  }

  /** Deletes one conversation; whether there was one. */
  public boolean delete(String id) throws IOException {
    return Conversation.validId(id) && Files.deleteIfExists(recordFile(id));
  }

  /** Deletes every record whose expiry has passed (by its header); the number deleted. */
  public int deleteExpired() throws IOException {
    long now = clock.instant().getEpochSecond();
    int deleted = 0;
    for (String id : ids()) {
      Path file = recordFile(id);
      byte[] header;
      try (InputStream in = Files.newInputStream(file)) {
        header = in.readNBytes(HEADER_BYTES);
      } catch (NoSuchFileException e) {
        continue;
      }
      if (header.length == HEADER_BYTES && Arrays.equals(header, 0, 4, MAGIC, 0, 4)) {
        long expires = ByteBuffer.wrap(header, 4, 8).getLong();
        if (expires <= now && Files.deleteIfExists(file)) {
          deleted++;
        }
      }
    }
    return deleted;
  }

  /**
   * Deletes every record and the store file (the salt and key check) in {@code dir}; needs no
   * passphrase. The number of conversations deleted.
   */
  public static int clear(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int n = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (name.endsWith(RECORD_SUFFIX) || name.startsWith(".incognito-")) {
          Files.deleteIfExists(p);
          n += name.endsWith(RECORD_SUFFIX) ? 1 : 0;
        }
      }
    }
    Files.deleteIfExists(dir.resolve(STORE_FILE));
    return n;
  }

  private List<String> ids() throws IOException {
    List<String> ids = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + RECORD_SUFFIX)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        String id = name.substring(0, name.length() - RECORD_SUFFIX.length());
        if (Conversation.validId(id) && ids.size() < MAX_RECORDS) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  private Path recordFile(String id) {
    return dir.resolve(id + RECORD_SUFFIX);
  }

  public Path folder() {
    return dir;
  }

  @Override
  public void close() {
    key.close();
  }

  @Override
  public String toString() {
    return "EncryptedHistory[" + dir + ", key redacted]";
  }

  // ------------------------------------------------------------------------------------------
  // AES-256-GCM

  private static byte[] aad(byte[] header, String id) {
    return concat(header, id.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] seal(SecretBytes key, byte[] nonce, byte[] plain, byte[] aad) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key.revealForUse(), "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad);
      return c.doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is required by the Java platform", e);
    }
  }

  private static byte[] open(SecretBytes key, byte[] nonce, byte[] sealed, byte[] aad)
      throws AEADBadTagException {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key.revealForUse(), "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad);
      return c.doFinal(sealed);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is required by the Java platform", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] readCapped(Path file, int max) throws IOException, HistoryException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(max + 1);
      if (b.length > max) {
        throw new HistoryException(file + " is larger than " + max + " bytes");
      }
      return b;
    }
  }

  // ------------------------------------------------------------------------------------------

  private static final Pattern TTL = Pattern.compile("([1-9][0-9]{0,5})([smhdw])");

  /** Parses a time to keep such as {@code 30m}, {@code 12h}, {@code 1d}, {@code 2w}. */
  public static Duration parseTtl(String text) {
    Matcher m = TTL.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a TTL is a number and a unit, s, m, h, d or w (such as 1d)");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofDays(7 * n);
        };
    if (d.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("a TTL is at most 366 days");
    }
    return d;
  }
}
