package dev.incognito.client.token;

import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.ChatException.Kind;
import dev.incognito.client.chat.Problems;
import dev.incognito.protocol.token.Token;
import dev.incognito.protocol.token.TokenChallenge;
import dev.incognito.protocol.token.TokenClient;
import dev.incognito.protocol.token.TokenException;
import dev.incognito.protocol.token.TokenKey;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The device's side of the issuance protocol, RFC 9578 §6: reads the issuer directory (§4), checks
 * that the gateway's token key is one the issuer publishes (so a gateway cannot single a person out
 * with a key of its own), and posts blinded token requests with the enterprise login.
 */
public final class IssuerClient {

  /** Path of the issuer directory, RFC 9578 §4. */
  public static final String DIRECTORY_PATH = ".well-known/private-token-issuer-directory";

  public static final String REQUEST_TYPE = "application/private-token-request";
  public static final String RESPONSE_TYPE = "application/private-token-response";

  /** Largest directory accepted, bytes. */
  public static final int MAX_DIRECTORY_BYTES = 64 * 1024;

  /** Largest token response accepted, bytes (an 8192-bit signature is 1 KiB). */
  public static final int MAX_RESPONSE_BYTES = 2048;

  /** Most keys read from a directory. */
  public static final int MAX_DIRECTORY_KEYS = 32;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final URI base;
  private final Login login;
  private final SecureRandom random;

  /**
   * @param base the issuer's base URI, such as {@code http://localhost:8080/acs/}
   */
  public IssuerClient(HttpClient http, URI base, Login login, SecureRandom random) {
    this.http = Objects.requireNonNull(http, "http");
    this.base = withSlash(Objects.requireNonNull(base, "base"));
    this.login = Objects.requireNonNull(login, "login");
    this.random = Objects.requireNonNull(random, "random");
  }

  public URI base() {
    return base;
  }

  /**
   * Issues {@code count} tokens for {@code challenge} under {@code key}, each from its own blinded
   * request.
   */
  public List<Token> issue(
      TokenChallenge challenge, TokenKey key, int count, Consumer<String> steps)
      throws ChatException {
    if (count < 1 || count > TokenWallet.MAX_BATCH) {
      throw new IllegalArgumentException("count must be 1 to " + TokenWallet.MAX_BATCH);
    }
    Directory dir = directory();
    if (!dir.keys().contains(key)) {
      throw new ChatException(
          Kind.VERIFICATION,
          "the gateway's token key "
              + key.tokenKeyIdHex().substring(0, 16)
              + "… is not published by the issuer at "
              + base
              + ": refusing to use it (a key of the gateway's own could tell people apart)");
    }
    steps.accept(
        "issuer directory "
            + base.resolve(DIRECTORY_PATH)
            + " lists the gateway's token key "
            + key.tokenKeyIdHex().substring(0, 16)
            + "… ("
            + key.modulusBytes() * 8
            + "-bit blind RSA)");
    List<Token> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(issueOne(dir.requestUri(), challenge, key));
    }
    steps.accept(
        "logged in to the issuer as "
            + login.user()
            + " and obtained "
            + count
            + " token"
            + (count == 1 ? "" : "s")
            + " from "
            + dir.requestUri()
            + " (blinded: the issuer cannot link them to their use)");
    return out;
  }

  private Token issueOne(URI requestUri, TokenChallenge challenge, TokenKey key)
      throws ChatException {
    TokenClient.Pending pending;
    try {
      pending = TokenClient.begin(key, challenge, random);
    } catch (TokenException e) {
      throw new ChatException(Kind.PROTOCOL, "cannot build a token request: " + e.getMessage(), e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(requestUri)
            .timeout(TIMEOUT)
            .header("Content-Type", REQUEST_TYPE)
            .header("Accept", RESPONSE_TYPE)
            .header("Authorization", login.basicAuthorization())
            .POST(HttpRequest.BodyPublishers.ofByteArray(pending.request().encode()))
            .build();
    HttpResponse<byte[]> response = send(request);
    byte[] body = response.body();
    switch (response.statusCode()) {
      case 200 -> {}
      case 401, 403 ->
          throw new ChatException(
              Kind.AUTHENTICATION,
              "the issuer refused the login of "
                  + login.user()
                  + " ("
                  + response.statusCode()
                  + "): check the password");
      case 429 ->
          throw new ChatException(
              Kind.AUTHENTICATION,
              "the issuer's daily token quota is used up: "
                  + Problems.detail(body, response.headers()));
      default ->
          throw new ChatException(
              Kind.AUTHENTICATION,
              "the issuer answered "
                  + response.statusCode()
                  + ": "
                  + Problems.detail(body, response.headers()));
    }
    if (body.length > MAX_RESPONSE_BYTES) {
      throw new ChatException(Kind.PROTOCOL, "the issuer's token response is too large");
    }
    try {
      return pending.finish(body);
    } catch (TokenException e) {
      throw new ChatException(
          Kind.VERIFICATION, "the issuer's token response does not verify: " + e.getMessage(), e);
    }
  }

  /** The issuer directory: where to send requests, and the published keys. */
  record Directory(URI requestUri, List<TokenKey> keys) {}

  Directory directory() throws ChatException {
    URI uri = base.resolve(DIRECTORY_PATH);
    HttpResponse<byte[]> response =
        send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build());
    if (response.statusCode() != 200) {
      throw new ChatException(
          Kind.UNREACHABLE, "the issuer directory " + uri + " answered " + response.statusCode());
    }
    if (response.body().length > MAX_DIRECTORY_BYTES) {
      throw new ChatException(Kind.PROTOCOL, "the issuer directory is too large");
    }
    try (var reader =
        Json.createReader(new StringReader(new String(response.body(), StandardCharsets.UTF_8)))) {
      JsonObject o = reader.readObject();
      // This project's issuer publishes an absolute path ("/acs/token-request"); a relative
      // reference is taken against the issuer's base URI.
      URI requestUri = base.resolve(o.getString("issuer-request-uri"));
      List<TokenKey> keys = new ArrayList<>();
      for (JsonValue v : o.getJsonArray("token-keys")) {
        if (keys.size() >= MAX_DIRECTORY_KEYS) {
          break;
        }
        JsonObject k = v.asJsonObject();
        if (k.getInt("token-type") != 2) {
          continue;
        }
        String encoded = k.getString("token-key");
        keys.add(TokenKey.parse(Base64.getUrlDecoder().decode(encoded.replace("=", ""))));
      }
      return new Directory(requestUri, keys);
    } catch (JsonException
        | ClassCastException
        | NullPointerException
        | IllegalArgumentException
        | TokenException e) {
      throw new ChatException(
          Kind.PROTOCOL, "the issuer directory at " + uri + " is malformed: " + e.getMessage(), e);
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws ChatException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ChatException(
          Kind.UNREACHABLE, "cannot reach the issuer at " + request.uri() + ": " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(Kind.UNREACHABLE, "interrupted while talking to the issuer", e);
    }
  }

  static String reason(IOException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static URI withSlash(URI u) {
    String s = u.toString();
    return s.endsWith("/") ? u : URI.create(s + "/");
  }
}
