package dev.incognito.client.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prints the steps of a private chat on stderr, one {@code · } line each. While an answer is
 * streaming to stdout the lines are held and printed after it, so the two do not interleave on a
 * terminal.
 */
final class StepPrinter implements Consumer<String> {

  private final PrintWriter err;
  private final boolean quiet;
  private final List<String> held = new ArrayList<>();
  private boolean holding;

  StepPrinter(PrintWriter err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  @Override
  public synchronized void accept(String line) {
    if (quiet) {
      return;
    }
    if (holding) {
      held.add(line);
      return;
    }
    err.println("  · " + line);
    err.flush();
  }

  /** Holds lines from now on (the answer started). */
  synchronized void hold() {
    holding = true;
  }

  /** Prints what was held and stops holding (the answer ended). */
  synchronized void release() {
    holding = false;
    List<String> lines = List.copyOf(held);
    held.clear();
    lines.forEach(this::accept);
  }
}
