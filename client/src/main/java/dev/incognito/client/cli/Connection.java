package dev.incognito.client.cli;

import dev.incognito.client.attestation.BundleVerifier;
import dev.incognito.client.attestation.RootTrust;
import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.Endpoints;
import dev.incognito.client.chat.PrivateChat;
import dev.incognito.client.token.IssuerClient;
import dev.incognito.client.token.Login;
import dev.incognito.client.token.TokenWallet;
import dev.incognito.client.tokenstore.TokenStore;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import picocli.CommandLine.Option;

/** Where to send things and who logs in to the issuer: options shared by the chat commands. */
final class Connection {

  @Option(
      names = "--relay",
      paramLabel = "URL",
      description = "The OHTTP relay (default: ${DEFAULT-VALUE}).",
      defaultValue = "http://localhost:8080/relay/")
  URI relay;

  @Option(
      names = "--gateway",
      paramLabel = "URL",
      description =
          "The gateway, for its key configurations and bundle (default: ${DEFAULT-VALUE}).",
      defaultValue = "http://localhost:8080/gateway/")
  URI gateway;

  @Option(
      names = "--issuer",
      paramLabel = "URL",
      description = "The token issuer (default: ${DEFAULT-VALUE}).",
      defaultValue = "http://localhost:8080/acs/")
  URI issuer;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      description =
          "Who logs in to the issuer (default: ${DEFAULT-VALUE}); the password comes from"
              + " INCOGNITO_DEMO_PASSWORD or ~/.incognito/demo-password.",
      defaultValue = "demo")
  String user;

  @Option(
      names = "--trust-simulated-root",
      paramLabel = "FILE",
      description =
          "Accept gateway evidence from a SIMULATED TEE whose root is in FILE (DER or PEM), or"
              + " whose SHA-256 fingerprint this is. Such evidence proves nothing about hardware.")
  String trustSimulatedRoot;

  @Option(
      names = "--measurement",
      paramLabel = "HEX",
      description = "Accept only this launch MEASUREMENT (48 bytes, hex); repeatable.")
  java.util.List<String> measurements = new java.util.ArrayList<>();

  @Option(
      names = {"-q", "--quiet"},
      description = "Do not print the steps taken.")
  boolean quiet;

  Endpoints endpoints() {
    try {
      return new Endpoints(relay, gateway, issuer);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), e.getMessage());
    }
  }

  /**
   * A private chat session; its token wallet obtains {@code batch} tokens per visit to the issuer.
   */
  PrivateChat open(PrintWriter err, int batch) throws ChatException {
    HttpClient http = PrivateChat.httpClient();
    SecureRandom random = new SecureRandom();
    Endpoints e = endpoints();
    TokenStore stored = tokenStore(random);
    Login login;
    try {
      login = Login.fromEnvironment(user, System.getenv());
    } catch (ChatException noLogin) {
      if (!holdsTokens(stored)) {
        throw noLogin;
      }
      // tokens from `incognito login` are spent first; without a password only they are
      return new PrivateChat(
          e, http, new TokenWallet(null, batch, stored), random, verifier(), steps(err));
    }
    TokenWallet wallet =
        new TokenWallet(new IssuerClient(http, e.issuer(), login, random), batch, stored);
    return new PrivateChat(e, http, wallet, random, verifier(), steps(err));
  }

  /** The bundle check these options ask for: AMD's roots, plus a simulated root if named. */
  BundleVerifier verifier() {
    return verifier(trustSimulatedRoot, measurements);
  }

  static BundleVerifier verifier(String trustSimulatedRoot, java.util.List<String> measurements) {
    try {
      RootTrust trust =
          trustSimulatedRoot == null
              ? RootTrust.vendor()
              : RootTrust.fromOption(trustSimulatedRoot);
      return new BundleVerifier(
          trust, java.util.Set.copyOf(measurements), java.time.Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(new Connection()), e.getMessage());
    }
  }

  /** The printer of the steps of the last session opened. */
  StepPrinter printer;

  /** The tokens stored by {@code incognito login}. */
  static TokenStore tokenStore(SecureRandom random) {
    return new TokenStore(Login.home(System.getenv()).resolve(TokenStore.FOLDER), random);
  }

  private static boolean holdsTokens(TokenStore s) {
    try {
      return s.count() > 0;
    } catch (java.io.IOException ex) {
      return false;
    }
  }

  /** Prints each step on {@code err}, unless quiet. */
  StepPrinter steps(PrintWriter err) {
    printer = new StepPrinter(err, quiet);
    return printer;
  }

  /** A session that needs no issuer login (models only). */
  PrivateChat openWithoutLogin(PrintWriter err) {
    return new PrivateChat(
        endpoints(), PrivateChat.httpClient(), null, new SecureRandom(), steps(err));
  }
}
