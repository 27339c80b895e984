package dev.incognito.client.cli;

import dev.incognito.client.tlog.LogClient;
import dev.incognito.client.tlog.Publisher;
import dev.incognito.client.tlog.ReleaseDigests;
import dev.incognito.client.token.Login;
import dev.incognito.protocol.tlog.ReleaseEntry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code incognito release}: publishes the digests of a build to the transparency log. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = "Publish a build's digests to the transparency log.",
    subcommands = {ReleaseCommand.Publish.class})
public final class ReleaseCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description =
          "Compute the SHA-256 of the EAR, the RAR, the server distribution, the JDK, config/ and"
              + " the safety policy, and append one incognito-release/v1 entry for each.")
  static final class Publish implements Callable<Integer> {
    @Option(names = "--log", defaultValue = "http://localhost:8080/tlog/", description = "log URL")
    URI log;

    @Option(names = "--user", defaultValue = "publisher", description = "publisher user")
    String user;

    @Option(
        names = "--password-file",
        description =
            "file holding the publisher's password (default: INCOGNITO_HOME/publisher-password)")
    Path passwordFile;

    @Option(names = "--repo", description = "source tree (default: the launcher's repository)")
    Path repo;

    @Option(names = "--dry-run", description = "print the entries without appending them")
    boolean dryRun;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      var out = spec.commandLine().getOut();
      Path tree = repo != null ? repo : Path.of(System.getProperty("incognito.repo", "."));
      Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
      List<ReleaseEntry> entries = ReleaseDigests.of(tree, m2);
      if (entries.isEmpty()) {
        out.println("nothing to publish under " + tree.toAbsolutePath() + " (build it first)");
        return ExitCodes.USAGE;
      }
      Publisher publisher = null;
      if (!dryRun) {
        Path pw =
            passwordFile != null
                ? passwordFile
                : Login.home(System.getenv()).resolve("publisher-password");
        char[] password = Files.readString(pw, StandardCharsets.UTF_8).strip().toCharArray();
        publisher = new Publisher(new LogClient(log), user, password);
        java.util.Arrays.fill(password, '\0');
      }
      for (ReleaseEntry e : entries) {
        String line = e.kind() + " " + e.name() + " sha256:" + HexFormat.of().formatHex(e.sha256());
        if (publisher == null) {
          out.println(line);
        } else {
          out.println(line + " -> index " + publisher.append(e));
        }
        out.flush();
      }
      return ExitCodes.OK;
    }
  }
}
