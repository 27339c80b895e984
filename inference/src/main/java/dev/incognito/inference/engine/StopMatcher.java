package dev.incognito.inference.engine;

import java.util.List;

/**
 * Finds stop strings in streamed text. Text that could be the start of a stop string is held back
 * until the next piece shows whether it is one; a stop string itself is never released. Not
 * thread-safe.
 */
final class StopMatcher {

  private final List<String> stops;
  private final StringBuilder held = new StringBuilder();
  private boolean stopped;

  StopMatcher(List<String> stops) {
    this.stops = List.copyOf(stops);
  }

  /**
   * Adds a piece of text; returns the text that is now safe to release, which ends just before a
   * stop string when one has appeared (then {@link #stopped()} is true and later pieces are
   * ignored).
   */
  String push(String piece) {
    if (stopped) {
      return "";
    }
    held.append(piece);
    int first = -1;
    for (String s : stops) {
      int at = held.indexOf(s);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    if (first >= 0) {
      stopped = true;
      String out = held.substring(0, first);
      held.setLength(0);
      return out;
    }
    int keep = longestSuffixThatStartsAStop();
    String out = held.substring(0, held.length() - keep);
    held.delete(0, held.length() - keep);
    return out;
  }

  /** Releases what was held back, at the end of generation. */
  String flush() {
    String out = stopped ? "" : held.toString();
    held.setLength(0);
    return out;
  }

  boolean stopped() {
    return stopped;
  }

  private int longestSuffixThatStartsAStop() {
    int best = 0;
    for (String s : stops) {
      int max = Math.min(s.length() - 1, held.length());
      for (int len = max; len > best; len--) {
        if (endsWithPrefix(s, len)) {
          best = len;
          break;
        }
      }
    }
    return best;
  }

  /** Whether {@code held} ends with the first {@code len} characters of {@code stop}. */
  private boolean endsWithPrefix(String stop, int len) {
    int offset = held.length() - len;
    for (int i = 0; i < len; i++) {
      if (held.charAt(offset + i) != stop.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
