package dev.incognito.client.chat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.incognito.client.attestation.SimulatedBundles;
import dev.incognito.protocol.bhttp.BinaryHttp;
import dev.incognito.protocol.bhttp.BinaryRequest;
import dev.incognito.protocol.bhttp.BinaryResponse;
import dev.incognito.protocol.bhttp.Field;
import dev.incognito.protocol.bundle.BundleClaims;
import dev.incognito.protocol.ohttp.ChunkedResponseWriter;
import dev.incognito.protocol.ohttp.KeyRing;
import dev.incognito.protocol.ohttp.MediaTypes;
import dev.incognito.protocol.ohttp.OhttpGateway;
import dev.incognito.protocol.ohttp.ServerContext;
import dev.incognito.protocol.ohttp.SymmetricAlgorithm;
import dev.incognito.protocol.receipt.Receipt;
import dev.incognito.protocol.receipt.ReceiptKey;
import dev.incognito.protocol.token.AuthScheme;
import dev.incognito.protocol.token.IssuerKeyPair;
import dev.incognito.protocol.token.Token;
import dev.incognito.protocol.token.TokenChallenge;
import dev.incognito.protocol.token.TokenRequest;
import dev.incognito.protocol.token.TokenVerifier;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real peer for the client, in process: relay, gateway and issuer on one JDK HTTP server, built
 * from the protocol classes the server uses (OHTTP gateway, Binary HTTP, Privacy Pass issuance and
 * verification, Ed25519 receipts). Its "model" answers {@code Echo: <last user message>}, split
 * into words when streamed.
 */
public final class PrivatePathPeer implements AutoCloseable {

  public static final String USER = "demo";
  public static final String PASSWORD = "correct horse";
  public static final String MODEL = "tiny-demo";

  final byte[] modelSha256 = new byte[32];
  final byte[] policySha256 = new byte[32];

  /** Status the relay answers with instead of forwarding; 0 to forward. */
  public volatile int relayStatus;

  /** Whether the receipt is signed over a different answer than the one sent. */
  volatile boolean tamperReceipt;

  /** Whether the bundle's receipt key is 32 bytes that are not an Ed25519 point. */
  volatile boolean invalidReceiptKey;

  /** Whether the bundle's REPORT_DATA is not that of its claims. */
  volatile boolean badReportData;

  /** Whether the gateway's challenge names a key the issuer does not publish. */
  volatile boolean rogueTokenKey;

  final AtomicInteger relayPosts = new AtomicInteger();
  final AtomicInteger tokensIssued = new AtomicInteger();

  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  private final KeyRing ring;
  private final OhttpGateway gateway;
  private final IssuerKeyPair issuerKey;
  private final IssuerKeyPair rogueKey;
  private final TokenChallenge challenge;
  private final ReceiptKey receiptKey;
  private final Set<String> spentNonces = ConcurrentHashMap.newKeySet();

  public PrivatePathPeer() throws IOException {
    random.nextBytes(modelSha256);
    random.nextBytes(policySha256);
    ring =
        KeyRing.generate(
            Instant.now().minusSeconds(60),
            Duration.ofDays(1),
            List.of(SymmetricAlgorithm.HKDF_SHA256_AES_128_GCM));
    gateway = OhttpGateway.of(ring);
    issuerKey = IssuerKeyPair.generate(IssuerKeyPair.DEFAULT_MODULUS_BITS, random);
    rogueKey = IssuerKeyPair.generate(IssuerKeyPair.DEFAULT_MODULUS_BITS, random);
    challenge = new TokenChallenge(0x0002, "issuer.test", new byte[0], "");
    receiptKey = ReceiptKey.generate(random);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/relay/", this::relay);
    server.createContext("/gateway/", this::gatewayResource);
    server.createContext("/acs/", this::issuer);
    server.start();
  }

  public Endpoints endpoints() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    return new Endpoints(
        URI.create(base + "/relay/"), URI.create(base + "/gateway/"), URI.create(base + "/acs/"));
  }

  @Override
  public void close() {
    server.stop(0);
    receiptKey.close();
  }

  // ------------------------------------------------------------------------------------------

  private void relay(HttpExchange ex) throws IOException {
    try {
      relayPosts.incrementAndGet();
      if (relayStatus != 0) {
        problem(ex, relayStatus, "Bad Gateway", "the gateway did not answer");
        return;
      }
      if (!"POST".equals(ex.getRequestMethod())) {
        problem(ex, 405, "Method not allowed", "POST only");
        return;
      }
      byte[] encapsulated = ex.getRequestBody().readAllBytes();
      gatewayPost(ex, encapsulated);
    } finally {
      ex.close();
    }
  }

  private void gatewayResource(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      if (path.equals("/gateway/ohttp-keys")) {
        send(ex, 200, MediaTypes.OHTTP_KEYS, ring.ohttpKeys(Instant.now()));
      } else if (path.equals("/gateway/bundle")) {
        byte[] keys = ring.ohttpKeys(Instant.now());
        long issuedAt = Instant.now().getEpochSecond();
        byte[] servedKey = invalidReceiptKey ? notAPoint() : receiptKey.publicKey();
        BundleClaims claims =
            new BundleClaims(keys, servedKey, modelSha256, policySha256, issuedAt);
        // with badReportData the report vouches for other claims than the bundle's
        BundleClaims reported =
            badReportData
                ? new BundleClaims(keys, servedKey, modelSha256, policySha256, issuedAt + 1)
                : claims;
        String json =
            new String(
                SimulatedBundles.bundle(
                    SimulatedBundles.platform(), claims, reported, new byte[48]),
                StandardCharsets.UTF_8);
        send(ex, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
      } else {
        problem(ex, 404, "Not found", "no such resource");
      }
    } finally {
      ex.close();
    }
  }

  private void gatewayPost(HttpExchange ex, byte[] encapsulated) throws IOException {
    ServerContext ctx;
    BinaryRequest request;
    try {
      ctx = gateway.decapsulate(encapsulated);
      request = BinaryHttp.decodeRequest(ctx.request());
    } catch (Exception e) {
      problem(ex, 400, "Bad request", "cannot decapsulate");
      return;
    }
    if (request.method().equals("GET") && request.path().equals("/v1/models")) {
      String body =
          Json.createObjectBuilder()
              .add("object", "list")
              .add(
                  "data",
                  Json.createArrayBuilder()
                      .add(
                          Json.createObjectBuilder()
                              .add("id", MODEL)
                              .add("object", "model")
                              .add(
                                  "incognito",
                                  Json.createObjectBuilder()
                                      .add("demo", true)
                                      .add("notice", "A tiny model for the test."))))
              .build()
              .toString();
      sealed(ex, ctx, BinaryResponse.withBody(200, "application/json", utf8(body)));
      return;
    }
    if (!request.method().equals("POST") || !request.path().equals("/v1/chat/completions")) {
      sealed(ex, ctx, inner(404, "no such endpoint"));
      return;
    }
    String auth = request.header("authorization").orElse(null);
    if (!redeem(auth)) {
      IssuerKeyPair named = rogueTokenKey ? rogueKey : issuerKey;
      String challengeHeader =
          AuthScheme.formatChallenge(challenge, named.tokenKey(), OptionalInt.empty());
      BinaryResponse refusal =
          BinaryResponse.withBody(
              401,
              "application/json",
              utf8(errorJson("a valid PrivateToken is required")),
              new Field("www-authenticate", challengeHeader));
      sealed(ex, ctx, refusal);
      return;
    }
    JsonObject body;
    try (var reader =
        Json.createReader(
            new StringReader(new String(request.content(), StandardCharsets.UTF_8)))) {
      body = reader.readObject();
    }
    JsonArray messages = body.getJsonArray("messages");
    String question = messages.getJsonObject(messages.size() - 1).getString("content");
    String answer = "Echo: " + question;
    // the receipt nonce is optional, as on the server
    byte[] nonce =
        body.get("incognito") instanceof JsonObject extra
            ? Base64.getUrlDecoder().decode(extra.getString("nonce", ""))
            : new byte[0];
    Receipt receipt =
        receiptKey.sign(
            request.content(),
            utf8(tamperReceipt ? answer + "!" : answer),
            modelSha256,
            policySha256,
            Instant.now().getEpochSecond(),
            nonce);
    JsonObject receiptJson = Json.createReader(new StringReader(receipt.toJson())).readObject();
    if (!body.getBoolean("stream", false)) {
      String json =
          Json.createObjectBuilder()
              .add("object", "chat.completion")
              .add("model", MODEL)
              .add(
                  "choices",
                  Json.createArrayBuilder()
                      .add(
                          Json.createObjectBuilder()
                              .add("index", 0)
                              .add(
                                  "message",
                                  Json.createObjectBuilder()
                                      .add("role", "assistant")
                                      .add("content", answer))
                              .add("finish_reason", "stop")))
              .add("incognito", Json.createObjectBuilder().add("receipt", receiptJson))
              .build()
              .toString();
      sealed(ex, ctx, BinaryResponse.withBody(200, "application/json", utf8(json)));
      return;
    }
    StringBuilder sse = new StringBuilder();
    List<String> pieces = new ArrayList<>();
    for (String w : answer.split("(?<= )")) {
      pieces.add(w);
    }
    for (String p : pieces) {
      sse.append("data: ")
          .append(
              Json.createObjectBuilder()
                  .add("object", "chat.completion.chunk")
                  .add("model", MODEL)
                  .add(
                      "choices",
                      Json.createArrayBuilder()
                          .add(
                              Json.createObjectBuilder()
                                  .add("index", 0)
                                  .add("delta", Json.createObjectBuilder().add("content", p))))
                  .build())
          .append("\n\n");
    }
    sse.append("data: ")
        .append(
            Json.createObjectBuilder()
                .add("object", "chat.completion.chunk")
                .add("model", MODEL)
                .add(
                    "choices",
                    Json.createArrayBuilder()
                        .add(
                            Json.createObjectBuilder()
                                .add("index", 0)
                                .add("delta", Json.createObjectBuilder())
                                .add("finish_reason", "stop")))
                .add("incognito", Json.createObjectBuilder().add("receipt", receiptJson))
                .build())
        .append("\n\n");
    sse.append("data: [DONE]\n\n");
    byte[] bhttp =
        BinaryHttp.encodeIndeterminate(
            BinaryResponse.withBody(200, "text/event-stream", utf8(sse.toString())));
    ex.getResponseHeaders().set("Content-Type", MediaTypes.OHTTP_CHUNKED_RESPONSE);
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    ChunkedResponseWriter writer = ctx.chunkedResponse(out);
    int step = 23; // small chunks: field and event boundaries fall inside chunks
    int i = 0;
    while (bhttp.length - i > step) {
      writer.writeChunk(Arrays.copyOfRange(bhttp, i, i + step));
      i += step;
    }
    writer.finish(Arrays.copyOfRange(bhttp, i, bhttp.length));
    out.close();
  }

  /** 32 bytes that do not decode to a point of Ed25519 (RFC 8032 §5.1.3). */
  private static byte[] notAPoint() {
    for (int i = 2; ; i++) {
      byte[] b = new byte[32];
      b[0] = (byte) i;
      try {
        new org.bouncycastle.crypto.params.Ed25519PublicKeyParameters(b, 0);
      } catch (IllegalArgumentException e) {
        return b;
      }
    }
  }

  private boolean redeem(String authorization) {
    if (authorization == null) {
      return false;
    }
    try {
      Token token = AuthScheme.parseAuthorization(authorization);
      new TokenVerifier(List.of(issuerKey.tokenKey()), List.of(challenge)).verify(token);
      return spentNonces.add(HexFormat.of().formatHex(token.nonce()));
    } catch (Exception e) {
      return false;
    }
  }

  private void issuer(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      if (path.equals("/acs/.well-known/private-token-issuer-directory")) {
        String json =
            Json.createObjectBuilder()
                .add("issuer-request-uri", "token-request")
                .add(
                    "token-keys",
                    Json.createArrayBuilder()
                        .add(
                            Json.createObjectBuilder()
                                .add("token-type", 2)
                                .add(
                                    "token-key",
                                    Base64.getUrlEncoder()
                                        .encodeToString(issuerKey.tokenKey().encoded()))))
                .build()
                .toString();
        send(ex, 200, "application/private-token-issuer-directory", utf8(json));
        return;
      }
      if (!path.equals("/acs/token-request")) {
        problem(ex, 404, "Not found", "no such resource");
        return;
      }
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"test\"");
        problem(ex, 401, "Not authenticated", "login needed");
        return;
      }
      if (!"application/private-token-request"
          .equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
        problem(ex, 415, "Unsupported media type", "expected a token request");
        return;
      }
      try {
        byte[] response = issuerKey.issue(TokenRequest.decode(ex.getRequestBody().readAllBytes()));
        tokensIssued.incrementAndGet();
        send(ex, 200, "application/private-token-response", response);
      } catch (Exception e) {
        problem(ex, 400, "Malformed token request", "cannot issue");
      }
    } finally {
      ex.close();
    }
  }

  // ------------------------------------------------------------------------------------------

  private static void sealed(HttpExchange ex, ServerContext ctx, BinaryResponse response)
      throws IOException {
    send(ex, 200, MediaTypes.OHTTP_RESPONSE, ctx.sealResponse(BinaryHttp.encode(response)));
  }

  private static BinaryResponse inner(int status, String message) {
    return BinaryResponse.withBody(status, "application/json", utf8(errorJson(message)));
  }

  private static String errorJson(String message) {
    return Json.createObjectBuilder()
        .add(
            "error",
            Json.createObjectBuilder()
                .add("message", message)
                .add("type", "invalid_request_error")
                .add("code", "x"))
        .build()
        .toString();
  }

  private static void problem(HttpExchange ex, int status, String title, String detail)
      throws IOException {
    String json =
        Json.createObjectBuilder()
            .add("type", "about:blank")
            .add("title", title)
            .add("status", status)
            .add("detail", detail)
            .build()
            .toString();
    send(ex, status, "application/problem+json", utf8(json));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
