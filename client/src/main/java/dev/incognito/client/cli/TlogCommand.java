package dev.incognito.client.cli;

import dev.incognito.client.tlog.CheckpointMemory;
import dev.incognito.client.tlog.LogClient;
import dev.incognito.client.token.Login;
import dev.incognito.protocol.tlog.Checkpoint;
import dev.incognito.protocol.tlog.LogVerificationException;
import dev.incognito.protocol.tlog.NoteKeys;
import dev.incognito.protocol.tlog.NoteVerifiers;
import dev.incognito.protocol.tlog.SignedNote;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code incognito tlog}: checks signed notes and the log's checkpoint, for auditors. */
@Command(
    name = "tlog",
    mixinStandardHelpOptions = true,
    description = "Check transparency-log notes and checkpoints.",
    subcommands = {TlogCommand.VerifyNote.class, TlogCommand.CheckpointCommand.class})
public final class TlogCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static List<NoteKeys.Verifier> parseKeys(List<String> keys) throws LogVerificationException {
    List<NoteKeys.Verifier> out = new ArrayList<>();
    for (String k : keys) {
      out.add(NoteKeys.parseVerifier(k));
    }
    return out;
  }

  /** Verifies a signed note or checkpoint file against known keys. */
  @Command(
      name = "verify-note",
      mixinStandardHelpOptions = true,
      description =
          "Verify a signed note: exits 0 only when at least one known key signed it and every"
              + " signature by a known key verifies (unknown signers are ignored).")
  static final class VerifyNote implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the signed note")
    Path file;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "VKEY",
        description = "a verifier key name+hex8+base64 (Ed25519, ECDSA or cosignature); repeatable")
    List<String> keys;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      var out = spec.commandLine().getOut();
      var err = spec.commandLine().getErr();
      try {
        SignedNote note = SignedNote.parse(Files.readAllBytes(file));
        Set<String> signers = NoteVerifiers.verify(note, parseKeys(keys));
        out.println("verified: signed by " + String.join(", ", signers));
        try {
          Checkpoint c = Checkpoint.parse(note.text());
          out.println("origin: " + c.origin());
          out.println("tree size: " + c.size());
          out.println("root hash: " + Base64.getEncoder().encodeToString(c.rootHash()));
        } catch (LogVerificationException e) {
          out.println("(the note is not a checkpoint)");
        }
        return ExitCodes.OK;
      } catch (LogVerificationException e) {
        err.println("not verified: " + e.getMessage());
        return dev.incognito.client.chat.ChatException.Kind.VERIFICATION.exitCode();
      }
    }
  }

  /** Fetches and checks the log's checkpoint, remembering it to detect split views. */
  @Command(
      name = "checkpoint",
      mixinStandardHelpOptions = true,
      description =
          "Fetch the log's checkpoint, verify the log's signature and the witness quorum, and check"
              + " it is consistent with the last checkpoint this device saw.")
  static final class CheckpointCommand implements Callable<Integer> {
    @Option(names = "--log", defaultValue = "http://localhost:8080/tlog/", description = "log URL")
    URI log;

    @Option(names = "--log-key", required = true, paramLabel = "VKEY", description = "log key")
    String logKey;

    @Option(names = "--witness", paramLabel = "VKEY", description = "witness key; repeatable")
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--quorum", defaultValue = "0", description = "witness cosignatures needed")
    int quorum;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      var out = spec.commandLine().getOut();
      try {
        LogClient client = new LogClient(log);
        Checkpoint c =
            client.verifiedCheckpoint(NoteKeys.parseVerifier(logKey), parseKeys(witnesses), quorum);
        new CheckpointMemory(Login.home(System.getenv()).resolve("tlog")).advance(c, client::tiles);
        out.println(
            "log "
                + c.origin()
                + " at size "
                + c.size()
                + ": signature, "
                + quorum
                + "-of-"
                + witnesses.size()
                + " witness policy and consistency verified");
        return ExitCodes.OK;
      } catch (LogVerificationException e) {
        spec.commandLine().getErr().println("not verified: " + e.getMessage());
        return dev.incognito.client.chat.ChatException.Kind.VERIFICATION.exitCode();
      }
    }
  }
}
