package dev.incognito.client.cli;

import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.PrivateChat;
import dev.incognito.client.token.TokenWallet;
import dev.incognito.protocol.token.Token;
import java.io.PrintWriter;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incognito tokens}: obtains tokens for the gateway's challenge and prints them, one
 * base64url token per line, for another client (such as the independent Node client's {@code
 * --token}). A token is a bearer credential for one request: whoever holds it can spend it.
 */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description =
        "Obtain anonymous tokens (Privacy Pass, type 0x0002) for the gateway's challenge and print"
            + " them, base64url, one per line.")
public final class TokensCommand implements Callable<Integer> {

  @Mixin Connection connection;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "N",
      defaultValue = "1",
      description =
          "How many tokens (1 to " + TokenWallet.MAX_BATCH + ", default ${DEFAULT-VALUE}).")
  int count;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws ChatException {
    if (count < 1 || count > TokenWallet.MAX_BATCH) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--count must be 1 to " + TokenWallet.MAX_BATCH);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrivateChat chat = connection.open(spec.commandLine().getErr(), count);
    for (Token t : chat.issueTokens(count)) {
      out.println(Base64.getUrlEncoder().withoutPadding().encodeToString(t.encode()));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
