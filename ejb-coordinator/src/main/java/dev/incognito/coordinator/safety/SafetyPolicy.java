package dev.incognito.coordinator.safety;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A versioned safety policy. The file (JSON, format {@code incognito-safety-policy/v1}) has a
 * {@code version}, a default {@code refusal} message, and {@code categories}, each with an {@code
 * id}, a {@code description}, an optional category-specific {@code message} and {@code help} text,
 * and {@code rules}: regular expressions matched, case-insensitively, against the text after
 * Unicode NFKC normalisation, lower-casing and whitespace folding. A text that matches any rule of
 * a category is refused with that category's message (and help), or the default refusal.
 */
public final class SafetyPolicy {

  public static final String FORMAT = "incognito-safety-policy/v1";

  /** Largest policy file accepted, bytes. */
  public static final int MAX_POLICY_BYTES = 256 * 1024;

  /** Most categories, and most rules per category. */
  public static final int MAX_CATEGORIES = 64;

  public static final int MAX_RULES = 256;

  /**
   * Longest text examined at once, characters; longer texts are examined in overlapping windows.
   */
  public static final int WINDOW_CHARS = 8 * 1024;

  /** Overlap between windows, characters: a rule's match must fit inside it to span windows. */
  public static final int WINDOW_OVERLAP = 512;

  private static final String DEFAULT_RESOURCE =
      "/dev/incognito/coordinator/safety/default-policy.json";

  /** One category of refused content. */
  public record Category(
      String id, String description, String message, Optional<String> help, List<Pattern> rules) {}

  /** The outcome for one text. */
  public sealed interface Verdict permits Allowed, Refused {}

  /** Nothing in the policy matched. */
  public record Allowed() implements Verdict {}

  /**
   * A rule matched.
   *
   * @param category the category id (safe for metrics: it names a rule set, not content)
   * @param message the fixed message shown to the person, with help resources where they apply
   */
  public record Refused(String category, String message) implements Verdict {}

  private final String version;
  private final List<Category> categories;
  private final byte[] sha256;

  private SafetyPolicy(String version, List<Category> categories, byte[] sha256) {
    this.version = version;
    this.categories = categories;
    this.sha256 = sha256;
  }

  /** The policy that ships with the coordinator. */
  public static SafetyPolicy defaultPolicy() {
    try (InputStream in = SafetyPolicy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("default safety policy missing from the coordinator jar");
      }
      return parse(in.readNBytes(MAX_POLICY_BYTES + 1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default safety policy", e);
    } catch (InvalidPolicyException e) {
      throw new IllegalStateException("the default safety policy is invalid: " + e.getMessage(), e);
    }
  }

  /** Reads a policy file. */
  public static SafetyPolicy load(Path file) throws IOException, InvalidPolicyException {
    if (Files.size(file) > MAX_POLICY_BYTES) {
      throw new InvalidPolicyException(
          "safety policy " + file + " is larger than " + MAX_POLICY_BYTES + " bytes");
    }
    return parse(Files.readAllBytes(file));
  }

  /** Parses and validates a policy; its digest is SHA-256 of exactly these bytes. */
  public static SafetyPolicy parse(byte[] bytes) throws InvalidPolicyException {
    if (bytes.length > MAX_POLICY_BYTES) {
      throw new InvalidPolicyException("safety policy larger than " + MAX_POLICY_BYTES + " bytes");
    }
    JsonObject root;
    try (var reader = Json.createReader(new ByteArrayInputStream(bytes))) {
      root = reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new InvalidPolicyException("safety policy is not a JSON object", e);
    }
    try {
      if (!FORMAT.equals(root.getString("format"))) {
        throw new InvalidPolicyException("safety policy format is not " + FORMAT);
      }
      String version = nonBlank(root.getString("version"), "version");
      String refusal = nonBlank(root.getString("refusal"), "refusal");
      JsonArray cats = root.getJsonArray("categories");
      if (cats.isEmpty() || cats.size() > MAX_CATEGORIES) {
        throw new InvalidPolicyException("a policy has 1 to " + MAX_CATEGORIES + " categories");
      }
      List<Category> categories = new ArrayList<>();
      for (JsonValue v : cats) {
        JsonObject c = v.asJsonObject();
        String id = nonBlank(c.getString("id"), "category id");
        if (!id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
          throw new InvalidPolicyException("category id " + id + " is not lowercase-with-dashes");
        }
        JsonArray rules = c.getJsonArray("rules");
        if (rules.isEmpty() || rules.size() > MAX_RULES) {
          throw new InvalidPolicyException(
              "category " + id + " needs 1 to " + MAX_RULES + " rules");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (JsonValue r : rules) {
          String regex = ((JsonString) r).getString();
          try {
            patterns.add(
                Pattern.compile(
                    regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
          } catch (PatternSyntaxException e) {
            throw new InvalidPolicyException(
                "category " + id + " has an invalid rule: " + e.getDescription(), e);
          }
        }
        categories.add(
            new Category(
                id,
                c.getString("description", ""),
                c.getString("message", refusal),
                Optional.ofNullable(c.getString("help", null)),
                List.copyOf(patterns)));
      }
      if (categories.stream().map(Category::id).distinct().count() != categories.size()) {
        throw new InvalidPolicyException("category ids must be unique");
      }
      return new SafetyPolicy(version, List.copyOf(categories), sha256(bytes));
    } catch (NullPointerException | ClassCastException e) {
      throw new InvalidPolicyException("safety policy field missing or of the wrong type", e);
    }
  }

  private static String nonBlank(String s, String what) throws InvalidPolicyException {
    if (s == null || s.isBlank()) {
      throw new InvalidPolicyException("safety policy " + what + " must not be empty");
    }
    return s;
  }

  /** Examines one text (a conversation turn, or an answer so far). */
  public Verdict evaluate(CharSequence text) {
    String normalized = normalize(text);
    for (int start = 0;
        start < Math.max(1, normalized.length());
        start += WINDOW_CHARS - WINDOW_OVERLAP) {
      String window =
          normalized.substring(start, Math.min(normalized.length(), start + WINDOW_CHARS));
      for (Category c : categories) {
        for (Pattern p : c.rules()) {
          if (p.matcher(window).find()) {
            String message = c.help().map(h -> c.message() + "\n\n" + h).orElse(c.message());
            return new Refused(c.id(), message);
          }
        }
      }
      if (start + WINDOW_CHARS >= normalized.length()) {
        break;
      }
    }
    return new Allowed();
  }

  static String normalize(CharSequence text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isWhitespace(ch) || Character.getType(ch) == Character.FORMAT) {
        if (!space && Character.isWhitespace(ch)) {
          b.append(' ');
          space = true;
        }
      } else {
        b.append(ch);
        space = false;
      }
    }
    return b.toString();
  }

  public String version() {
    return version;
  }

  public List<Category> categories() {
    return categories;
  }

  /** SHA-256 of the policy file: goes into the bundle, receipts and the transparency log. */
  public byte[] sha256() {
    return sha256.clone();
  }

  public String sha256Hex() {
    return HexFormat.of().formatHex(sha256);
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** A policy file that cannot be used; the server refuses to start with it. */
  public static class InvalidPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidPolicyException(String message) {
      super(message);
    }

    public InvalidPolicyException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
