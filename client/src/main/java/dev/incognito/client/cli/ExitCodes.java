package dev.incognito.client.cli;

import dev.incognito.client.chat.ChatException;

/** Process exit codes of the {@code incognito} command. */
public final class ExitCodes {

  public static final int OK = 0;

  /** Something unexpected inside the client. */
  public static final int INTERNAL = 1;

  /** The command line was wrong (picocli's own code). */
  public static final int USAGE = 2;

  private ExitCodes() {}

  /** The exit code for an exception that ended a command. */
  public static int of(Throwable ex) {
    if (ex instanceof ChatException c) {
      return c.kind().exitCode();
    }
    return INTERNAL;
  }
}
