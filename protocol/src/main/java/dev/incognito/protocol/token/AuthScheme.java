package dev.incognito.protocol.token;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The PrivateToken HTTP authentication scheme, RFC 9577 §2: the {@code WWW-Authenticate} challenge
 * ({@code challenge}, {@code token-key}, {@code max-age}) and the {@code Authorization} credential
 * ({@code token}). Values are base64url; padded and unpadded forms are accepted, and unpadded is
 * produced.
 */
public final class AuthScheme {

  public static final String SCHEME = "PrivateToken";

  /** Longest header value parsed, characters. */
  public static final int MAX_HEADER_CHARS = 16 * 1024;

  /** Most challenges or parameters parsed from one header. */
  public static final int MAX_ITEMS = 64;

  private AuthScheme() {}

  /** One PrivateToken challenge from a {@code WWW-Authenticate} header. */
  public record Challenge(byte[] tokenChallenge, byte[] tokenKey, OptionalInt maxAge) {
    public Challenge {
      tokenChallenge = tokenChallenge.clone();
      tokenKey = tokenKey.clone();
    }

    @Override
    public byte[] tokenChallenge() {
      return tokenChallenge.clone();
    }

    @Override
    public byte[] tokenKey() {
      return tokenKey.clone();
    }

    /** The token type named by the challenge's first two bytes. */
    public int tokenType() {
      return ((tokenChallenge[0] & 0xFF) << 8) | (tokenChallenge[1] & 0xFF);
    }
  }

  /** {@code PrivateToken challenge="…", token-key="…", max-age="…"} per RFC 9577 §2.1. */
  public static String formatChallenge(
      TokenChallenge challenge, TokenKey key, OptionalInt maxAgeSeconds) {
    StringBuilder b =
        new StringBuilder(SCHEME)
            .append(" challenge=\"")
            .append(encode(challenge.encode()))
            .append("\", token-key=\"")
            .append(encode(key.encoded()))
            .append('"');
    maxAgeSeconds.ifPresent(s -> b.append(", max-age=\"").append(s).append('"'));
    return b.toString();
  }

  /** {@code PrivateToken token="…"} per RFC 9577 §2.2. */
  public static String formatAuthorization(Token token) {
    return SCHEME + " token=\"" + encode(token.encode()) + "\"";
  }

  /**
   * Every PrivateToken challenge in a {@code WWW-Authenticate} value; other schemes and unknown
   * parameters are ignored.
   */
  public static List<Challenge> parseChallenges(String header) throws MalformedTokenException {
    List<Challenge> out = new ArrayList<>();
    for (var c : parseHeader(header)) {
      if (!c.scheme().equalsIgnoreCase(SCHEME)) {
        continue;
      }
      String challenge = c.params().get("challenge");
      String key = c.params().get("token-key");
      if (challenge == null || key == null) {
        throw new MalformedTokenException("PrivateToken challenge lacks challenge or token-key");
      }
      byte[] challengeBytes = decode(challenge, "challenge");
      if (challengeBytes.length < 2) {
        throw new MalformedTokenException("PrivateToken challenge is too short");
      }
      OptionalInt maxAge = OptionalInt.empty();
      String ma = c.params().get("max-age");
      if (ma != null) {
        try {
          maxAge = OptionalInt.of(Integer.parseInt(ma));
        } catch (NumberFormatException e) {
          throw new MalformedTokenException("max-age is not an integer", e);
        }
      }
      out.add(new Challenge(challengeBytes, decode(key, "token-key"), maxAge));
    }
    return out;
  }

  /** The token from an {@code Authorization: PrivateToken token="…"} value. */
  public static Token parseAuthorization(String header) throws MalformedTokenException {
    for (var c : parseHeader(header)) {
      if (c.scheme().equalsIgnoreCase(SCHEME)) {
        String token = c.params().get("token");
        if (token == null) {
          throw new MalformedTokenException("PrivateToken credential lacks the token parameter");
        }
        return Token.decode(decode(token, "token"));
      }
    }
    throw new MalformedTokenException("Authorization is not of the PrivateToken scheme");
  }

  static String encode(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static byte[] decode(String value, String what) throws MalformedTokenException {
    try {
      return Base64.getUrlDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new MalformedTokenException(what + " is not base64url", e);
    }
  }

  private record Parsed(String scheme, Map<String, String> params) {}

  /** A small parser for the RFC 9110 §11.6.1 challenge / credentials grammar. */
  private static List<Parsed> parseHeader(String header) throws MalformedTokenException {
    if (header == null) {
      throw new MalformedTokenException("header is missing");
    }
    if (header.length() > MAX_HEADER_CHARS) {
      throw new MalformedTokenException("header longer than " + MAX_HEADER_CHARS + " characters");
    }
    List<Parsed> out = new ArrayList<>();
    Map<String, String> current = null;
    int items = 0;
    int i = 0;
    int n = header.length();
    while (true) {
      while (i < n
          && (header.charAt(i) == ' ' || header.charAt(i) == '\t' || header.charAt(i) == ',')) {
        i++;
      }
      if (i >= n) {
        return out;
      }
      if (++items > MAX_ITEMS) {
        throw new MalformedTokenException("header has more than " + MAX_ITEMS + " items");
      }
      int start = i;
      while (i < n && isTchar(header.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw new MalformedTokenException("unexpected character at position " + i);
      }
      String name = header.substring(start, i);
      int j = i;
      while (j < n && (header.charAt(j) == ' ' || header.charAt(j) == '\t')) {
        j++;
      }
      if (current != null && j < n && header.charAt(j) == '=') {
        i = j + 1;
        while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
          i++;
        }
        String value;
        if (i < n && header.charAt(i) == '"') {
          StringBuilder v = new StringBuilder();
          i++;
          while (true) {
            if (i >= n) {
              throw new MalformedTokenException("unterminated quoted string");
            }
            char ch = header.charAt(i++);
            if (ch == '"') {
              break;
            }
            if (ch == '\\') {
              if (i >= n) {
                throw new MalformedTokenException("unterminated quoted string");
              }
              ch = header.charAt(i++);
            }
            v.append(ch);
          }
          value = v.toString();
        } else {
          int vs = i;
          while (i < n && isTchar(header.charAt(i))) {
            i++;
          }
          value = header.substring(vs, i);
        }
        current.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
      } else {
        current = new LinkedHashMap<>();
        out.add(new Parsed(name, current));
        i = j;
        // a token68 right after the scheme (e.g. Basic credentials) is skipped
        int k = i;
        while (k < n && isToken68Char(header.charAt(k))) {
          k++;
        }
        int m = k;
        while (m < n && header.charAt(m) == '=') {
          m++;
        }
        int after = m;
        while (after < n && (header.charAt(after) == ' ' || header.charAt(after) == '\t')) {
          after++;
        }
        if (k > i && m > k && (after >= n || header.charAt(after) == ',')) {
          i = m;
        }
      }
    }
  }

  private static boolean isTchar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static boolean isToken68Char(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-._~+/".indexOf(c) >= 0;
  }
}
