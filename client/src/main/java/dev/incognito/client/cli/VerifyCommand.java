package dev.incognito.client.cli;

import dev.incognito.client.attestation.BundleVerification;
import dev.incognito.client.attestation.BundleVerificationException;
import dev.incognito.client.attestation.BundleVerifier;
import dev.incognito.client.attestation.Check;
import dev.incognito.client.bundle.GatewayBundle;
import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.PrivateChat;
import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.ohttp.KeyConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incognito verify}: fetches the gateway's key configurations and bundle and checks the
 * bundle's attestation evidence as {@code incognito chat} does before sending anything, printing
 * each check, what it compared and its result. Exits 0 only when every check passed.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check the gateway's attestation bundle step by step, as chat does before sending anything.",
      "Exits 0 only when every check passed."
    })
public final class VerifyCommand implements Callable<Integer> {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Option(
      names = "--gateway",
      paramLabel = "URL",
      description = "The gateway (default: ${DEFAULT-VALUE}).",
      defaultValue = "http://localhost:8080/gateway/")
  URI gateway;

  @Option(
      names = "--trust-simulated-root",
      paramLabel = "FILE",
      description =
          "Accept evidence from a SIMULATED TEE whose root is in FILE (DER or PEM), or whose"
              + " SHA-256 fingerprint this is. Such evidence proves nothing about hardware.")
  String trustSimulatedRoot;

  @Option(
      names = "--measurement",
      paramLabel = "HEX",
      description = "Accept only this launch MEASUREMENT (48 bytes, hex); repeatable.")
  List<String> measurements = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws ChatException {
    PrintWriter out = spec.commandLine().getOut();
    BundleVerifier verifier = Connection.verifier(trustSimulatedRoot, measurements);
    URI base = gateway.toString().endsWith("/") ? gateway : URI.create(gateway + "/");
    HttpClient http = PrivateChat.httpClient();
    URI keysUri = base.resolve("ohttp-keys");
    URI bundleUri = base.resolve("bundle");
    byte[] keys = fetch(http, keysUri, KeyConfigs.MAX_BODY_BYTES);
    byte[] bundle = fetch(http, bundleUri, GatewayBundle.MAX_BUNDLE_BYTES);
    out.println("Verifying the gateway's bundle " + bundleUri);
    out.println("  (key configurations from " + keysUri + ")");
    try {
      BundleVerification v = verifier.verify(bundle, Optional.of(keys));
      v.checks().forEach(c -> out.println("  " + c.line()));
      if (v.origin() == Origin.SIMULATED) {
        out.println(
            "SIMULATED: all "
                + v.checks().size()
                + " checks passed under a simulated root you named; no confidential VM is"
                + " proven.");
      } else {
        out.println(
            "All " + v.checks().size() + " checks passed: the evidence chains to AMD's root.");
      }
      out.flush();
      return ExitCodes.OK;
    } catch (BundleVerificationException e) {
      for (Check c : e.checks()) {
        out.println("  " + c.line());
      }
      out.println("NOT VERIFIED: " + e.getMessage());
      out.flush();
      return ChatException.Kind.VERIFICATION.exitCode();
    }
  }

  private static byte[] fetch(HttpClient http, URI uri, int max) throws ChatException {
    HttpResponse<InputStream> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new ChatException(
          ChatException.Kind.UNREACHABLE, "cannot reach " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(ChatException.Kind.UNREACHABLE, "interrupted fetching " + uri, e);
    }
    try (InputStream in = r.body()) {
      byte[] body = in.readNBytes(max + 1);
      if (r.statusCode() != 200) {
        throw new ChatException(
            ChatException.Kind.VERIFICATION,
            uri + " answered " + r.statusCode() + ": nothing vouches for the gateway");
      }
      if (body.length > max) {
        throw new ChatException(
            ChatException.Kind.PROTOCOL, uri + " answered more than " + max + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new ChatException(
          ChatException.Kind.UNREACHABLE, "reading " + uri + ": " + e.getMessage(), e);
    }
  }
}
