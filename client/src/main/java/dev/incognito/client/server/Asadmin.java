package dev.incognito.client.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Payara's {@code asadmin} of one installation as a child process, with the JVM that runs this
 * code ({@code AS_JAVA}), so that the server runs on the same Java as the build or the command.
 */
final class Asadmin {

  /**
   * Longest any one asadmin invocation may take; start-domain on a loaded machine is the slowest.
   */
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  /** Most characters of asadmin output quoted in an error message. */
  static final int MAX_QUOTED_OUTPUT = 4000;

  /** How multimode reports a failed subcommand while still exiting 0. */
  private static final Pattern FAILED = Pattern.compile("(?m)^Command (\\S+) failed\\.");

  private final Path payaraHome;

  Asadmin(Path payaraHome) {
    this.payaraHome = payaraHome.toAbsolutePath().normalize();
  }

  Path payaraHome() {
    return payaraHome;
  }

  Path script() {
    boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    return payaraHome.resolve("bin").resolve(windows ? "asadmin.bat" : "asadmin");
  }

  /**
   * Runs {@code asadmin --interactive=false ARGS} and returns its output (stdout and stderr).
   *
   * @throws ServerControlException when it exits non-zero or runs past {@link #TIMEOUT}
   */
  String run(List<String> args) throws ServerControlException {
    return run(Optional.empty(), args);
  }

  /**
   * As {@link #run(List)}, with a password file given to asadmin itself ({@code --passwordfile}).
   */
  String run(Optional<Path> passwordFile, List<String> args) throws ServerControlException {
    List<String> command = new ArrayList<>();
    command.add(script().toString());
    command.add("--interactive=false");
    passwordFile.ifPresent(
        p -> {
          command.add("--passwordfile");
          command.add(p.toString());
        });
    command.addAll(args);
    String what = "asadmin " + String.join(" ", args);
    Path output = null;
    try {
      output = Files.createTempFile("incognito-asadmin-", ".out");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
      pb.environment().put("AS_JAVA", System.getProperty("java.home"));
      pb.environment().put("TERM", "dumb");
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ServerControlException(what + " did not finish within " + TIMEOUT);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new ServerControlException(
            what + " failed (exit " + p.exitValue() + "):\n" + tail(text));
      }
      return text;
    } catch (IOException e) {
      throw new ServerControlException("cannot run " + what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerControlException(what + " was interrupted", e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a temporary file left behind holds only asadmin's own messages
        }
      }
    }
  }

  /**
   * Runs every subcommand of a command file ({@code asadmin multimode --file}) against the running
   * domain. Multimode exits 0 even when a subcommand fails, so its output is checked too.
   *
   * @throws ServerControlException naming the first subcommand that failed
   */
  String runCommandFile(Path file, Optional<Path> passwordFile) throws ServerControlException {
    String out = run(passwordFile, List.of("multimode", "--file", file.toString()));
    Matcher m = FAILED.matcher(out);
    if (m.find()) {
      throw new ServerControlException(
          "asadmin subcommand " + m.group(1) + " in " + file + " failed:\n" + tail(out));
    }
    return out;
  }

  private static String tail(String text) {
    return text.length() <= MAX_QUOTED_OUTPUT
        ? text
        : "…" + text.substring(text.length() - MAX_QUOTED_OUTPUT);
  }

  private static java.io.File nullDevice() {
    boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    return new java.io.File(windows ? "NUL" : "/dev/null");
  }
}
