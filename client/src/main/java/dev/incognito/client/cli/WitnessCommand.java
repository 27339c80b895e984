package dev.incognito.client.cli;

import dev.incognito.client.tlog.CheckpointMemory;
import dev.incognito.client.tlog.LogClient;
import dev.incognito.client.tlog.Witness;
import dev.incognito.client.token.Login;
import dev.incognito.protocol.tlog.Checkpoint;
import dev.incognito.protocol.tlog.LogVerificationException;
import dev.incognito.protocol.tlog.NoteKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code incognito witness}: run a witness for a log, so that a second party watches it. */
@Command(
    name = "witness",
    mixinStandardHelpOptions = true,
    description =
        "Cosign a log's checkpoints after checking each extends the last one cosigned. With"
            + " --interval, keeps watching.")
public final class WitnessCommand implements Callable<Integer> {

  @Option(names = "--log", defaultValue = "http://localhost:8080/tlog/", description = "log URL")
  URI log;

  @Option(
      names = "--key",
      required = true,
      description = "the witness's signer key file (created with --name when absent)")
  Path keyFile;

  @Option(names = "--name", description = "the witness's name when creating its key")
  String name;

  @Option(names = "--log-key", required = true, paramLabel = "VKEY", description = "log key")
  String logKey;

  @Option(names = "--interval", defaultValue = "0", description = "seconds between rounds; 0: once")
  int interval;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    try {
      NoteKeys.Signer key = loadOrCreate(out);
      Witness witness =
          new Witness(
              new LogClient(log),
              NoteKeys.parseVerifier(logKey),
              key,
              new CheckpointMemory(
                  Login.home(System.getenv()).resolve("witness").resolve(key.name())));
      do {
        Checkpoint c = witness.cosignOnce(System.currentTimeMillis() / 1000);
        out.println("cosigned " + c.origin() + " at size " + c.size());
        out.flush();
        if (interval > 0) {
          Thread.sleep(interval * 1000L);
        }
      } while (interval > 0);
      return ExitCodes.OK;
    } catch (LogVerificationException e) {
      err.println("refusing to cosign: " + e.getMessage());
      return dev.incognito.client.chat.ChatException.Kind.VERIFICATION.exitCode();
    }
  }

  private NoteKeys.Signer loadOrCreate(java.io.PrintWriter out)
      throws IOException, LogVerificationException {
    if (Files.exists(keyFile)) {
      return NoteKeys.Signer.parse(Files.readString(keyFile, StandardCharsets.US_ASCII));
    }
    if (name == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "the key file " + keyFile + " does not exist: give --name to create it");
    }
    NoteKeys.Signer key = NoteKeys.Signer.generate(name);
    Path parent = keyFile.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.createFile(
        keyFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keyFile, key.encodePrivate(), StandardCharsets.US_ASCII);
    out.println("created witness key " + keyFile);
    out.println("add this to the log's incognito.tlog.witnesses: " + key.cosignatureVerifierKey());
    return key;
  }
}
