package dev.incognito.client.cli;

import dev.incognito.client.attestation.BundleVerifier;
import dev.incognito.client.attestation.RootTrust;
import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.ChatMessage;
import dev.incognito.client.chat.ChatResult;
import dev.incognito.client.chat.ChatSettings;
import dev.incognito.client.chat.Endpoints;
import dev.incognito.client.chat.PrivateChat;
import dev.incognito.client.server.ServerControl;
import dev.incognito.client.server.ServerControlException;
import dev.incognito.client.token.IssuerClient;
import dev.incognito.client.token.Login;
import dev.incognito.client.token.TokenWallet;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code incognito demo}: starts the local server when needed, then asks one friendly question
 * through the relay and shows the answer, the path it took and what was checked.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start the local server if needed and ask one question privately through the relay.",
      "The demo runs relay, gateway, issuer and model in one server: the guarantees hold only"
          + " when the relay and the log are run by others."
    })
public final class DemoCommand implements Callable<Integer> {

  /** The question the demo asks. */
  static final String QUESTION =
      "In two sentences: how can you answer me without learning who I am?";

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws ChatException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalServer server = ensureServer(err);
    URI base = server.base();
    Endpoints endpoints =
        new Endpoints(base.resolve("relay/"), base.resolve("gateway/"), base.resolve("acs/"));
    var http = PrivateChat.httpClient();
    SecureRandom random = new SecureRandom();
    Login login = Login.fromEnvironment("demo", System.getenv());
    StepPrinter steps = new StepPrinter(err, false);
    PrivateChat chat =
        new PrivateChat(
            endpoints,
            http,
            new TokenWallet(new IssuerClient(http, endpoints.issuer(), login, random), 1),
            random,
            demoVerifier(server, err),
            steps);

    out.println();
    out.println("Asking privately: \"" + QUESTION + "\"");
    out.println();
    out.flush();
    ChatResult r;
    try {
      r =
          chat.complete(
              List.of(ChatMessage.user(QUESTION)),
              ChatSettings.defaults().withMaxTokens(160),
              text -> {
                steps.hold();
                out.print(text);
                out.flush();
              });
    } finally {
      out.println();
      out.flush();
      steps.release();
    }
    out.println();
    out.println("The path it took:");
    out.println(
        "  your device → relay " + endpoints.relay() + " (sees your address, not your words)");
    out.println(
        "  → gateway "
            + endpoints.gateway()
            + " (decrypts inside the confidential VM, spends your anonymous token)");
    out.println("  → coordinator (safety policy, receipt) → predictor (model " + r.model() + ")");
    out.println("  and back, encrypted for your device only.");
    out.println("Receipt: " + describe(r));
    r.demoNotice().ifPresent(n -> out.println("Note: " + n));
    out.println(
        "Demo topology: every party runs in one local server here; the privacy guarantees hold"
            + " when the relay and the log are run by others.");
    out.flush();
    return ExitCodes.OK;
  }

  /** The gateway's simulated TEE file inside the domain (see the gateway's Attestation). */
  static final String SIMULATED_TEE_FILE = "config/incognito/tee/simulated-snp.pem";

  /** The local server: its base address and, when known, its domain folder. */
  record LocalServer(URI base, Optional<Path> domainDir) {}

  /**
   * The demo trusts the local server's simulated root: read from its domain's TEE folder when the
   * file is there, else the one its bundle serves (acceptable only because the person just started
   * that server on this machine). The verification report says which.
   */
  static BundleVerifier demoVerifier(LocalServer server, PrintWriter err) {
    Optional<Path> file =
        server.domainDir().map(d -> d.resolve(SIMULATED_TEE_FILE)).filter(Files::isRegularFile);
    Optional<X509Certificate> root = Optional.empty();
    String source = "the local demo server's bundle";
    if (file.isPresent()) {
      try {
        root = Optional.of(RootTrust.readRoot(file.get()));
        source = file.get().toString();
      } catch (IllegalArgumentException e) {
        err.println("  · cannot read the local simulated root (" + e.getMessage() + ")");
      }
    }
    return new BundleVerifier(RootTrust.localDemo(root, source), Set.of(), Clock.systemUTC());
  }

  /** Starts the local server when it is not running; its base URI and domain folder. */
  private static LocalServer ensureServer(PrintWriter err) throws ChatException {
    try {
      ServerControl control =
          ServerControl.fromEnvironment(
              line -> {
                err.println("  [server] " + line);
                err.flush();
              });
      URI base = control.ensureRunning().baseUri();
      return new LocalServer(base, Optional.of(control.domainDir()));
    } catch (ServerControlException e) {
      throw new ChatException(
          ChatException.Kind.UNREACHABLE, "the demo server did not start: " + e.getMessage(), e);
    }
  }

  private static String describe(ChatResult r) {
    return switch (r.receiptStatus()) {
      case VERIFIED ->
          "verified — signed by the gateway's receipt key over this question and answer";
      case MISSING -> "none came with the answer";
      case UNCHECKED -> "present, but there was no bundle to check it against";
    };
  }
}
