package dev.incognito.client.transcript;

import java.util.Objects;

/**
 * One check of a transcript against its receipt.
 *
 * @param name what was checked, such as {@code request digest}
 * @param passed whether it matched
 * @param detail what was compared (digests and key ids only, never conversation content)
 */
public record Check(String name, boolean passed, String detail) {

  public Check {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detail, "detail");
  }
}
