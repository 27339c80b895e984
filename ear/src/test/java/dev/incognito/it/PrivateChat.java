package dev.incognito.it;

import dev.incognito.protocol.bhttp.BinaryHttp;
import dev.incognito.protocol.bhttp.BinaryRequest;
import dev.incognito.protocol.bhttp.BinaryResponse;
import dev.incognito.protocol.bhttp.Field;
import dev.incognito.protocol.bhttp.Padding;
import dev.incognito.protocol.ohttp.ChunkedResponseReader;
import dev.incognito.protocol.ohttp.ClientContext;
import dev.incognito.protocol.ohttp.KeyConfig;
import dev.incognito.protocol.ohttp.KeyConfigs;
import dev.incognito.protocol.ohttp.MediaTypes;
import dev.incognito.protocol.ohttp.OhttpClient;
import dev.incognito.protocol.token.AuthScheme;
import dev.incognito.protocol.token.Token;
import dev.incognito.protocol.token.TokenChallenge;
import dev.incognito.protocol.token.TokenClient;
import dev.incognito.protocol.token.TokenKey;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The device's side of a private request, written from the RFCs and the pinned protocol details
 * only: Binary HTTP inside OHTTP through the relay, Privacy Pass tokens from the issuer after the
 * gateway's 401 challenge.
 */
final class PrivateChat {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpClient http;
  private final URI base;
  private final String login;
  private KeyConfig config;
  private AuthScheme.Challenge challenge;

  /**
   * @param base the server's base address
   * @param login the issuer's {@code Authorization} value (the demo user's BASIC login)
   */
  PrivateChat(HttpClient http, URI base, String login) {
    this.http = http;
    this.base = base;
    this.login = login;
  }

  URI base() {
    return base;
  }

  /** The gateway's newest key configuration. */
  KeyConfig config() throws Exception {
    if (config == null) {
      HttpResponse<byte[]> r = get("gateway/ohttp-keys");
      if (r.statusCode() != 200) {
        throw new AssertionError("ohttp-keys: " + r.statusCode());
      }
      config = KeyConfigs.decode(r.body()).get(0);
    }
    return config;
  }

  /** The key ids of every configuration the gateway publishes (several during a rotation). */
  java.util.Set<Integer> keyIds() throws Exception {
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (KeyConfig c : KeyConfigs.decode(get("gateway/ohttp-keys").body())) {
      ids.add(c.keyId());
    }
    return ids;
  }

  HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** POSTs raw bytes with a media type to a path; for the malformed-input tests. */
  HttpResponse<byte[]> post(String path, String mediaType, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", mediaType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** One answer as the device sees it: the outer response and the decoded inner one. */
  record Answer(int outerStatus, String outerType, BinaryResponse inner) {
    String text() {
      return new String(inner.content(), StandardCharsets.UTF_8);
    }
  }

  /** The Binary HTTP request for a chat, with a token when {@code authorization} is not null. */
  static BinaryRequest chatRequest(String json, String authorization) {
    List<Field> headers = new ArrayList<>();
    headers.add(new Field("content-type", "application/json"));
    if (authorization != null) {
      headers.add(new Field("authorization", authorization));
    }
    return new BinaryRequest(
        "POST",
        "https",
        "gateway.example",
        "/v1/chat/completions",
        headers,
        json.getBytes(StandardCharsets.UTF_8),
        List.of());
  }

  /** Encapsulates {@code bhttp} and sends it through the relay; reads a whole or chunked answer. */
  Answer send(byte[] bhttp) throws Exception {
    ClientContext ctx = OhttpClient.encapsulate(config(), Padding.padToBucket(bhttp));
    return exchange(ctx, ctx.encapsulatedRequest());
  }

  /** Sends an already encapsulated request (for replay tests) and opens the answer with ctx. */
  Answer exchange(ClientContext ctx, byte[] encapsulated) throws Exception {
    HttpResponse<InputStream> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("relay/"))
                .header("Content-Type", MediaTypes.OHTTP_REQUEST)
                .POST(HttpRequest.BodyPublishers.ofByteArray(encapsulated))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    String type = r.headers().firstValue("Content-Type").orElse("");
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        return new Answer(r.statusCode(), type, null);
      }
      if (type.startsWith(MediaTypes.OHTTP_CHUNKED_RESPONSE)) {
        ChunkedResponseReader reader = ctx.chunkedResponse(in);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        for (byte[] chunk; (chunk = reader.readChunk()) != null; ) {
          message.write(chunk);
        }
        return new Answer(200, type, BinaryHttp.decodeResponse(message.toByteArray()));
      }
      byte[] inner = ctx.openResponse(in.readAllBytes());
      return new Answer(200, type, BinaryHttp.decodeResponse(inner));
    }
  }

  /**
   * A token for this gateway: learns the challenge from a tokenless request's 401 (RFC 9577 §2.1),
   * then asks the issuer for one (RFC 9578 §6).
   */
  String token() throws Exception {
    if (challenge == null) {
      Answer refused = send(BinaryHttp.encode(chatRequest("{}", null)));
      if (refused.inner() == null || refused.inner().status() != 401) {
        throw new AssertionError("expected an encapsulated 401");
      }
      challenge =
          AuthScheme.parseChallenges(refused.inner().header("www-authenticate").orElseThrow())
              .get(0);
    }
    TokenKey key = TokenKey.parse(challenge.tokenKey());
    TokenChallenge tc = TokenChallenge.decode(challenge.tokenChallenge());
    TokenClient.Pending pending = TokenClient.begin(key, tc, RANDOM);
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("acs/token-request"))
                .header("Content-Type", "application/private-token-request")
                .header("Authorization", login)
                .POST(HttpRequest.BodyPublishers.ofByteArray(pending.request().encode()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new AssertionError("token request: " + r.statusCode());
    }
    Token token = pending.finish(r.body());
    return AuthScheme.formatAuthorization(token);
  }
}
