package dev.incognito.protocol.bhttp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * One field line of a header or trailer section (RFC 9292 §3.6).
 *
 * <p>The name is a lower-case token (RFC 9110 §5.1 and §5.6.2; RFC 9292 §3.6 and HTTP/2 make
 * upper-case names invalid). Since a token has no {@code ':'}, pseudo-fields cannot be expressed;
 * RFC 9292 forbids the request and response ones and this codec carries no others.
 *
 * <p>The value is a sequence of octets, held as a string of ISO-8859-1 characters (U+0000..U+00FF,
 * one per octet). Per HTTP/2 §8.2.1, which RFC 9292 §3.6 applies, it contains no NUL, CR or LF and
 * neither starts nor ends with SP or HTAB.
 *
 * <p>{@link #toString()} shows the name and the value's length only, never the value: values carry
 * tokens and other secrets.
 *
 * @param name lower-case field name, 1 or more token characters
 * @param value field value, possibly empty
 */
public record Field(String name, String value) {

  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    checkName(name);
    checkValue(value);
  }

  /** The name's octets (ASCII). */
  byte[] nameBytes() {
    return name.getBytes(StandardCharsets.US_ASCII);
  }

  /** The value's octets (ISO-8859-1, one per character). */
  byte[] valueBytes() {
    return value.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Octets this line takes in an encoded field section: both length prefixes, name and value. */
  long encodedLength() {
    return QuicVarint.encodedLength(name.length())
        + name.length()
        + QuicVarint.encodedLength(value.length())
        + value.length();
  }

  @Override
  public String toString() {
    return name + ": (" + value.length() + " octets)";
  }

  private static void checkName(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("field name is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        throw new IllegalArgumentException(
            "field name has upper-case character at index " + i + "; names must be lower-case");
      }
      if (!isTchar(c)) {
        throw new IllegalArgumentException(
            "field name has character 0x"
                + Integer.toHexString(c)
                + " at index "
                + i
                + ", which is not a token character (RFC 9110 §5.6.2)");
      }
    }
  }

  private static void checkValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0 || c == '\r' || c == '\n') {
        throw new IllegalArgumentException(
            "field value has NUL, CR or LF at index " + i + " (HTTP/2 §8.2.1)");
      }
      if (c > 0xFF) {
        throw new IllegalArgumentException(
            "field value has character U+"
                + String.format(Locale.ROOT, "%04X", (int) c)
                + " at index "
                + i
                + "; values are octets (ISO-8859-1)");
      }
    }
    if (!value.isEmpty()) {
      char first = value.charAt(0);
      char last = value.charAt(value.length() - 1);
      if (first == ' ' || first == '\t' || last == ' ' || last == '\t') {
        throw new IllegalArgumentException(
            "field value starts or ends with SP or HTAB (HTTP/2 §8.2.1)");
      }
    }
  }

  /** tchar per RFC 9110 §5.6.2. */
  static boolean isTchar(int c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return c < 0x80 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
