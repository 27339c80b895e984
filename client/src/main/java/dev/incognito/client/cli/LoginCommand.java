package dev.incognito.client.cli;

import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.ChatException.Kind;
import dev.incognito.client.chat.Endpoints;
import dev.incognito.client.chat.PrivateChat;
import dev.incognito.client.token.IssuerClient;
import dev.incognito.client.token.Login;
import dev.incognito.client.token.TokenWallet;
import dev.incognito.client.tokenstore.TokenStore;
import dev.incognito.protocol.secret.SecretBytes;
import dev.incognito.protocol.token.Token;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incognito login}: logs in to the issuer once and keeps a batch of anonymous tokens for the
 * gateway's challenge under {@code ~/.incognito/tokens/}, so that later chats need no login: {@code
 * incognito chat} spends them first. Tokens are never printed.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Log in to the token issuer (HTTP BASIC; password from "
          + Login.PASSWORD_ENV
          + ", ~/.incognito/demo-password, or asked) and store a batch of anonymous tokens for"
          + " the gateway, owner-only, one file per token, each deleted when spent.",
      "`incognito chat` spends stored tokens before logging in again."
    })
public final class LoginCommand implements Callable<Integer> {

  /** Most tokens obtained by one login. */
  static final int MAX_COUNT = 256;

  @Mixin Connection connection;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "N",
      defaultValue = "10",
      description = "How many tokens (1 to " + MAX_COUNT + ", default ${DEFAULT-VALUE}).")
  int count;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws ChatException {
    if (count < 1 || count > MAX_COUNT) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--count must be 1 to " + MAX_COUNT);
    }
    PrintWriter err = spec.commandLine().getErr();
    HttpClient http = PrivateChat.httpClient();
    SecureRandom random = new SecureRandom();
    Endpoints e = connection.endpoints();
    try (Login login = login()) {
      TokenWallet wallet =
          new TokenWallet(
              new IssuerClient(http, e.issuer(), login, random),
              Math.min(count, TokenWallet.MAX_BATCH));
      PrivateChat chat = new PrivateChat(e, http, wallet, random, connection.steps(err));
      List<Token> tokens = new ArrayList<>(count);
      while (tokens.size() < count) {
        tokens.addAll(chat.issueTokens(Math.min(TokenWallet.MAX_BATCH, count - tokens.size())));
      }
      TokenStore store = Connection.tokenStore(random);
      try {
        store.put(tokens);
        err.println(
            "stored "
                + tokens.size()
                + " token"
                + (tokens.size() == 1 ? "" : "s")
                + " in "
                + store.folder()
                + " (owner-only; "
                + store.count()
                + " stored in all). Each pays for one request and is a bearer secret: keep the"
                + " folder private.");
      } catch (IOException ex) {
        throw new ChatException(
            Kind.CONFIGURATION, "cannot store tokens in " + store.folder() + ": " + ex, ex);
      }
    }
    err.flush();
    return ExitCodes.OK;
  }

  /** The login from the environment or the password file, else asked on the console. */
  private Login login() throws ChatException {
    try {
      return Login.fromEnvironment(connection.user, System.getenv());
    } catch (ChatException noPassword) {
      Console console = System.console();
      if (console == null) {
        throw noPassword;
      }
      char[] pw = console.readPassword("password for %s: ", connection.user);
      if (pw == null || pw.length == 0) {
        throw new ChatException(Kind.CONFIGURATION, "no password given");
      }
      var buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pw));
      byte[] bytes = new byte[buf.remaining()];
      buf.get(bytes);
      Arrays.fill(pw, '\0');
      if (buf.hasArray()) {
        Arrays.fill(buf.array(), (byte) 0);
      }
      return new Login(connection.user, SecretBytes.wrap(bytes));
    }
  }
}
