package dev.incognito.client.cli;

import dev.incognito.client.chat.ChatException;
import dev.incognito.client.transcript.Check;
import dev.incognito.client.transcript.Transcript;
import dev.incognito.client.transcript.TranscriptException;
import dev.incognito.protocol.receipt.ReceiptVerificationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code incognito receipt}: checks saved transcripts against their receipts. */
@Command(
    name = "receipt",
    mixinStandardHelpOptions = true,
    description =
        "Check receipts kept in transcripts (saved with `incognito chat --save-transcript`).",
    subcommands = {ReceiptCommand.Verify.class})
public final class ReceiptCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code incognito receipt verify TRANSCRIPT}: prints each check with its result; exits 0 only
   * when every check passes, else with the verification exit code and a line naming what did not
   * match.
   */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Check that a transcript's receipt is signed by its receipt key over exactly this request,"
            + " this answer, the model digest and the policy digest.",
        "Offline: it needs only the file. Compare the receipt key id it prints with the one the"
            + " transparency log or the gateway's attested bundle names (or pass --expect-key)."
      })
  static final class Verify implements Callable<Integer> {

    @Parameters(paramLabel = "TRANSCRIPT", description = "The transcript file.")
    Path file;

    @Option(
        names = "--expect-key",
        paramLabel = "HEX",
        description = "The receipt key id (hex SHA-256 of the key) the receipt must be signed by.")
    String expectKey;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws ChatException {
      PrintWriter out = spec.commandLine().getOut();
      Transcript t;
      try {
        t = Transcript.read(file);
      } catch (IOException e) {
        throw new ChatException(
            ChatException.Kind.CONFIGURATION, "cannot read the transcript " + file, e);
      } catch (TranscriptException e) {
        throw new ChatException(
            ChatException.Kind.VERIFICATION,
            "the transcript does not verify: " + e.getMessage(),
            e);
      }
      out.println(
          "transcript "
              + file
              + ": model "
              + t.model()
              + ", signed at "
              + Instant.ofEpochSecond(t.receipt().time())
              + ", receipt key "
              + t.receiptKeyId());
      java.util.List<Check> checks = new java.util.ArrayList<>(t.checks());
      if (expectKey != null) {
        String want = expectKey.strip().toLowerCase(Locale.ROOT);
        checks.add(
            new Check(
                "expected key",
                want.equals(t.receiptKeyId()),
                "expected " + want + ", transcript's key is " + t.receiptKeyId()));
      }
      for (Check c : checks) {
        out.println((c.passed() ? "  PASS  " : "  FAIL  ") + c.name() + ": " + c.detail());
      }
      out.flush();
      String failed =
          checks.stream()
              .filter(c -> !c.passed())
              .map(Check::name)
              .collect(Collectors.joining(", "));
      if (!failed.isEmpty()) {
        throw new ChatException(
            ChatException.Kind.VERIFICATION, "the receipt does not verify: mismatch in " + failed);
      }
      try {
        t.verify();
      } catch (ReceiptVerificationException e) {
        throw new ChatException(
            ChatException.Kind.VERIFICATION, "the receipt does not verify: " + e.getMessage(), e);
      }
      out.println("receipt verified: every check passed");
      out.flush();
      return ExitCodes.OK;
    }
  }
}
