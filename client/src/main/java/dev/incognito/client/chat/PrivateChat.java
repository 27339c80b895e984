package dev.incognito.client.chat;

import dev.incognito.client.attestation.BundleVerification;
import dev.incognito.client.attestation.BundleVerificationException;
import dev.incognito.client.attestation.BundleVerifier;
import dev.incognito.client.bundle.GatewayBundle;
import dev.incognito.client.chat.ChatException.Kind;
import dev.incognito.client.token.TokenWallet;
import dev.incognito.client.transcript.Transcript;
import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.bhttp.BinaryHttp;
import dev.incognito.protocol.bhttp.BinaryHttpException;
import dev.incognito.protocol.bhttp.BinaryRequest;
import dev.incognito.protocol.bhttp.BinaryResponse;
import dev.incognito.protocol.bhttp.Field;
import dev.incognito.protocol.bhttp.IncrementalResponseDecoder;
import dev.incognito.protocol.bhttp.Padding;
import dev.incognito.protocol.ohttp.ChunkedResponseReader;
import dev.incognito.protocol.ohttp.ClientContext;
import dev.incognito.protocol.ohttp.KeyConfig;
import dev.incognito.protocol.ohttp.KeyConfigs;
import dev.incognito.protocol.ohttp.MediaTypes;
import dev.incognito.protocol.ohttp.OhttpClient;
import dev.incognito.protocol.ohttp.OhttpException;
import dev.incognito.protocol.ohttp.SymmetricAlgorithm;
import dev.incognito.protocol.ohttp.UnknownKeyIdException;
import dev.incognito.protocol.receipt.Receipt;
import dev.incognito.protocol.receipt.ReceiptVerificationException;
import dev.incognito.protocol.receipt.ReceiptVerifier;
import dev.incognito.protocol.token.AuthScheme;
import dev.incognito.protocol.token.TokenChallenge;
import dev.incognito.protocol.token.TokenException;
import dev.incognito.protocol.token.TokenKey;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The device side of one private chat (ARCHITECTURE.md, "One request, end to end"): key
 * configurations and bundle from the gateway (its attestation evidence checked by a {@link
 * BundleVerifier} before anything is sent; a failed check refuses the chat), an anonymous token
 * from the issuer, the inner request as padded Binary HTTP encapsulated with OHTTP, sent through
 * the relay, the answer decapsulated (chunked when streamed), and its receipt checked under the
 * bundle's receipt key.
 *
 * <p>Nothing is written anywhere: key configurations, the bundle, the token challenge and spare
 * tokens live in this object and go with it. Progress goes to the {@code steps} consumer, one line
 * per step, never with conversation content or a token.
 */
public final class PrivateChat {

  /** Largest {@code application/ohttp-keys} body accepted, bytes. */
  public static final int MAX_KEYS_BYTES = KeyConfigs.MAX_BODY_BYTES;

  /** Largest encapsulated response read, bytes. */
  public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  /** Largest error body read from the relay or gateway, bytes. */
  public static final int MAX_ERROR_BYTES = 64 * 1024;

  /** Most models read from {@code /v1/models}. */
  public static final int MAX_MODELS = 256;

  /** Bytes of the nonce the device asks the receipt to carry. */
  public static final int RECEIPT_NONCE_BYTES = 32;

  /**
   * Member of request and response bodies carrying Incognito's additions to the OpenAI format: in a
   * request {@code {"nonce": "<base64url>"}}, the device's receipt nonce, which the coordinator
   * signs into the receipt so a receipt cannot be replayed for another request; in a response
   * {@code {"receipt": {...}, "demo": bool, "notice": "...", "refusal": "<category>"}}.
   */
  public static final String INCOGNITO_MEMBER = "incognito";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

  private final Endpoints endpoints;
  private final HttpClient http;
  private final TokenWallet wallet;
  private final SecureRandom random;
  private final Consumer<String> listener;
  private final BundleVerifier verifier;

  private List<KeyConfig> configs;
  private byte[] keysBody;
  private KeyConfig config;
  private SymmetricAlgorithm algorithm;
  private Optional<GatewayBundle> bundle;
  private List<ModelInfo> models;
  private TokenChallenge challenge;
  private TokenKey tokenKey;

  /**
   * A chat that trusts AMD's pinned roots only: a gateway with simulated evidence is refused.
   *
   * @param wallet where tokens come from; null when the device has no login (then only requests
   *     that need no token succeed)
   * @param steps receives each step as it happens
   */
  public PrivateChat(
      Endpoints endpoints,
      HttpClient http,
      TokenWallet wallet,
      SecureRandom random,
      Consumer<String> steps) {
    this(endpoints, http, wallet, random, BundleVerifier.vendor(), steps);
  }

  /**
   * @param wallet where tokens come from; null when the device has no login (then only requests
   *     that need no token succeed)
   * @param verifier checks the gateway's bundle before anything is sent
   * @param steps receives each step as it happens
   */
  public PrivateChat(
      Endpoints endpoints,
      HttpClient http,
      TokenWallet wallet,
      SecureRandom random,
      BundleVerifier verifier,
      Consumer<String> steps) {
    this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    this.http = Objects.requireNonNull(http, "http");
    this.wallet = wallet;
    this.random = Objects.requireNonNull(random, "random");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.listener = Objects.requireNonNull(steps, "steps");
  }

  /**
   * An HTTP client suited to the relay, gateway and issuer: HTTP/1.1 (no cleartext HTTP/2 upgrade
   * attempt on a POST, which some servers answer by closing the connection), no redirects.
   */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  // ------------------------------------------------------------------------------------------
  // Public operations

  /** The models the server offers: {@code GET /v1/models} through the relay, no token needed. */
  public List<ModelInfo> models() throws ChatException {
    return models(new Steps(listener));
  }

  /**
   * Asks {@code conversation} (its last message is the question) and returns the answer; streamed
   * text goes to {@code onText} as it arrives (with {@code settings.stream()}; otherwise the whole
   * answer once).
   */
  public ChatResult complete(
      List<ChatMessage> conversation, ChatSettings settings, Consumer<String> onText)
      throws ChatException {
    if (conversation.isEmpty()) {
      throw new IllegalArgumentException("a conversation has at least one message");
    }
    Steps steps = new Steps(listener);
    ensureKeys(steps);
    ensureBundle(steps);
    ModelInfo model = chooseModel(settings, steps);

    byte[] nonce = new byte[RECEIPT_NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] body = requestBody(conversation, settings, model.id(), nonce);

    boolean sentToken = false;
    for (int attempt = 0; attempt < 2; attempt++) {
      List<Field> headers = new ArrayList<>();
      headers.add(
          new Field("accept", settings.stream() ? "text/event-stream" : "application/json"));
      sentToken = false;
      if (challenge != null) {
        headers.add(new Field("authorization", authorization(steps)));
        sentToken = true;
      }
      BinaryRequest request =
          BinaryRequest.post(
              "/v1/chat/completions", "application/json", body, headers.toArray(new Field[0]));
      Answer answer = new Answer(settings.stream(), onText);
      Exchange ex = exchange(request, steps, answer);
      if (ex.status() == 401) {
        String reason = innerErrorText(ex);
        TokenChallenge before = challenge;
        TokenKey keyBefore = tokenKey;
        if (sentToken) {
          takeChallenge(ex, steps);
          if (attempt == 0 && (!challenge.equals(before) || !tokenKey.equals(keyBefore))) {
            steps.add("the gateway's challenge changed; obtaining a token for the new one");
            continue;
          }
          challenge = null;
          tokenKey = null;
          if (wallet != null) {
            wallet.clear();
          }
          throw new ChatException(Kind.AUTHENTICATION, "the gateway refused the token: " + reason);
        }
        takeChallenge(ex, steps);
        continue;
      }
      if (ex.status() != 200) {
        throw new ChatException(
            Kind.REJECTED, "the model's API answered " + ex.status() + ": " + innerErrorText(ex));
      }
      if (!ex.streamed()) {
        answer.whole(ex.content());
      }
      answer.finish();
      String text = answer.text();
      answer.refusal.ifPresent(
          c -> steps.add("the safety policy declined to answer (category " + c + ")"));
      ReceiptOutcome receipt = checkReceipt(answer, body, text, nonce, steps);
      steps.add(
          "path: device → relay "
              + hostAndPath(endpoints.relay())
              + " → gateway "
              + hostAndPath(endpoints.gateway())
              + " (key id "
              + config.keyId()
              + ") → coordinator → predictor (model "
              + answer.model().orElse(model.id())
              + ")");
      String answeredBy = answer.model().orElse(model.id());
      return new ChatResult(
          text,
          answeredBy,
          receipt.status(),
          receipt.receipt(),
          model.demoNotice(),
          steps.lines(),
          receipt.status() == ReceiptStatus.VERIFIED
              ? Optional.of(
                  new Transcript(
                      body,
                      text,
                      receipt.receipt().get(),
                      bundle.get().receiptKey(),
                      bundle.get().modelSha256(),
                      bundle.get().policySha256(),
                      answeredBy,
                      java.time.Instant.now().getEpochSecond()))
              : Optional.empty());
    }
    throw new ChatException(Kind.AUTHENTICATION, "the gateway asked for a token twice");
  }

  /**
   * Issues {@code count} tokens for this gateway's challenge (probing the gateway for it when not
   * yet known), for use by another client.
   */
  public List<dev.incognito.protocol.token.Token> issueTokens(int count) throws ChatException {
    if (wallet == null) {
      throw new ChatException(Kind.CONFIGURATION, "no issuer login configured");
    }
    Steps steps = new Steps(listener);
    ensureKeys(steps);
    if (challenge == null) {
      BinaryRequest probe =
          BinaryRequest.post(
              "/v1/chat/completions",
              "application/json",
              "{}".getBytes(StandardCharsets.UTF_8),
              new Field("accept", "application/json"));
      Exchange ex = exchange(probe, steps, new Answer(false, s -> {}));
      if (ex.status() != 401) {
        throw new ChatException(
            Kind.PROTOCOL,
            "the gateway answered "
                + ex.status()
                + " to a request without a token; expected 401 with a PrivateToken challenge");
      }
      takeChallenge(ex, steps);
    }
    return wallet.issue(challenge, tokenKey, count, steps::add);
  }

  // ------------------------------------------------------------------------------------------
  // Steps of the path

  private void ensureKeys(Steps steps) throws ChatException {
    if (config != null) {
      return;
    }
    URI uri = endpoints.gateway().resolve("ohttp-keys");
    HttpResponse<byte[]> r =
        sendForBytes(
            HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", MediaTypes.OHTTP_KEYS)
                .GET()
                .build(),
            "the gateway",
            MAX_KEYS_BYTES);
    if (r.statusCode() != 200) {
      throw new ChatException(
          Kind.UNREACHABLE,
          "the gateway's key configurations at "
              + uri
              + " answered "
              + r.statusCode()
              + (r.statusCode() == 404
                  ? " (is Incognito deployed there? `incognito server start` runs it locally)"
                  : ": " + Problems.detail(r.body(), r.headers())));
    }
    try {
      configs = KeyConfigs.decode(r.body());
    } catch (OhttpException e) {
      throw new ChatException(
          Kind.PROTOCOL, "the gateway's key configurations are malformed: " + e.getMessage(), e);
    }
    keysBody = r.body();
    for (KeyConfig c : configs) {
      Optional<SymmetricAlgorithm> a = c.preferredAlgorithm();
      if (a.isPresent()) {
        config = c;
        algorithm = a.get();
        break;
      }
    }
    if (config == null) {
      throw new ChatException(
          Kind.PROTOCOL,
          "none of the gateway's key configurations uses algorithms this client has");
    }
    steps.add(
        "fetched "
            + configs.size()
            + " key configuration"
            + (configs.size() == 1 ? "" : "s")
            + " from "
            + uri
            + " (key ids "
            + configs.stream().map(c -> String.valueOf(c.keyId())).collect(Collectors.joining(", "))
            + "); using key id "
            + config.keyId()
            + " with "
            + algorithmName(algorithm));
  }

  private void ensureBundle(Steps steps) throws ChatException {
    if (bundle != null) {
      return;
    }
    URI uri = endpoints.gateway().resolve("bundle");
    HttpResponse<byte[]> r =
        sendForBytes(
            HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build(),
            "the gateway",
            GatewayBundle.MAX_BUNDLE_BYTES);
    if (r.statusCode() != 200) {
      throw new ChatException(
          Kind.VERIFICATION,
          "no bundle at "
              + uri
              + " ("
              + r.statusCode()
              + "): nothing vouches for the gateway, so nothing is sent");
    }
    BundleVerification v;
    try {
      v = verifier.verify(r.body(), Optional.of(keysBody));
    } catch (BundleVerificationException e) {
      e.checks().forEach(c -> steps.add("attestation " + c.line()));
      throw new ChatException(
          Kind.VERIFICATION,
          "the gateway's bundle did not verify, so nothing is sent: " + e.getMessage(),
          e);
    }
    v.checks().forEach(c -> steps.add("attestation " + c.line()));
    bundle = Optional.of(v.bundle());
    steps.add(
        v.origin() == Origin.SIMULATED
            ? "WARNING: the gateway's evidence verified only under a SIMULATED root: no"
                + " confidential VM is proven, privacy rests on trusting the operator"
            : "attestation verified: the gateway's SEV-SNP evidence chains to AMD and vouches for"
                + " the key configurations and receipt key in use");
  }

  private List<ModelInfo> models(Steps steps) throws ChatException {
    if (models != null) {
      return models;
    }
    ensureKeys(steps);
    Exchange ex =
        exchange(
            BinaryRequest.get("/v1/models", new Field("accept", "application/json")),
            steps,
            new Answer(false, s -> {}));
    if (ex.status() != 200) {
      throw new ChatException(
          Kind.REJECTED, "GET /v1/models answered " + ex.status() + ": " + innerErrorText(ex));
    }
    List<ModelInfo> out = new ArrayList<>();
    try {
      JsonObject o = readJson(ex.content());
      for (JsonValue v : o.getJsonArray("data")) {
        if (out.size() >= MAX_MODELS) {
          break;
        }
        JsonObject m = v.asJsonObject();
        JsonObject meta =
            m.get(INCOGNITO_MEMBER) instanceof JsonObject i ? i : JsonValue.EMPTY_JSON_OBJECT;
        Optional<String> notice =
            meta.get("notice") instanceof JsonString s
                ? Optional.of(s.getString())
                : Optional.empty();
        boolean demo = meta.get("demo") == JsonValue.TRUE;
        out.add(new ModelInfo(m.getString("id"), demo, notice));
      }
    } catch (JsonException | ClassCastException | NullPointerException e) {
      throw new ChatException(Kind.PROTOCOL, "GET /v1/models answered malformed JSON", e);
    }
    steps.add(
        "models offered: " + out.stream().map(ModelInfo::id).collect(Collectors.joining(", ")));
    models = List.copyOf(out);
    return models;
  }

  private ModelInfo chooseModel(ChatSettings settings, Steps steps) throws ChatException {
    List<ModelInfo> offered = models(steps);
    if (settings.model().isPresent()) {
      String id = settings.model().get();
      return offered.stream()
          .filter(m -> m.id().equals(id))
          .findFirst()
          .orElse(new ModelInfo(id, false, Optional.empty()));
    }
    if (offered.isEmpty()) {
      throw new ChatException(Kind.REJECTED, "the server offers no model");
    }
    return offered.get(0);
  }

  private void takeChallenge(Exchange ex, Steps steps) throws ChatException {
    String header =
        ex.headers().stream()
            .filter(f -> f.name().equals("www-authenticate"))
            .map(Field::value)
            .collect(Collectors.joining(", "));
    if (header.isEmpty()) {
      throw new ChatException(
          Kind.PROTOCOL, "the gateway answered 401 without a WWW-Authenticate challenge");
    }
    try {
      for (AuthScheme.Challenge c : AuthScheme.parseChallenges(header)) {
        if (c.tokenType() != 0x0002) {
          continue;
        }
        challenge = TokenChallenge.decode(c.tokenChallenge());
        tokenKey = TokenKey.parse(c.tokenKey());
        steps.add(
            "gateway asked for a Privacy Pass token (encapsulated 401, issuer "
                + challenge.issuerName()
                + ", token key "
                + tokenKey.tokenKeyIdHex().substring(0, 16)
                + "…)");
        if (wallet == null) {
          throw new ChatException(
              Kind.CONFIGURATION, "the gateway needs a token and no issuer login is configured");
        }
        return;
      }
    } catch (TokenException e) {
      throw new ChatException(
          Kind.PROTOCOL, "the gateway's token challenge is malformed: " + e.getMessage(), e);
    }
    throw new ChatException(
        Kind.PROTOCOL, "the gateway's 401 has no PrivateToken challenge of type 0x0002");
  }

  private String authorization(Steps steps) throws ChatException {
    return AuthScheme.formatAuthorization(wallet.take(challenge, tokenKey, steps::add));
  }

  // ------------------------------------------------------------------------------------------
  // One encapsulated exchange through the relay

  /**
   * The inner response.
   *
   * @param content the content when not streamed into the answer
   * @param streamed whether the content went to the answer as it arrived
   */
  private record Exchange(
      int status, List<Field> headers, List<Field> trailers, byte[] content, boolean streamed) {}

  private Exchange exchange(BinaryRequest request, Steps steps, Answer answer)
      throws ChatException {
    for (int attempt = 0; ; attempt++) {
      try {
        return exchangeOnce(request, steps, answer);
      } catch (StaleKeyException e) {
        if (attempt > 0) {
          throw new ChatException(
              Kind.PROTOCOL, "the gateway does not know the key id it just published", e);
        }
        steps.add("gateway no longer knows key id " + config.keyId() + "; fetching keys again");
        config = null;
        ensureKeys(steps);
      }
    }
  }

  /** The gateway answered with the RFC 9458 §5.3 key-id problem: the keys rotated. */
  private static final class StaleKeyException extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private Exchange exchangeOnce(BinaryRequest request, Steps steps, Answer answer)
      throws ChatException, StaleKeyException {
    byte[] encoded = BinaryHttp.encode(request);
    byte[] padded = Padding.padToBucket(encoded);
    ClientContext ctx;
    try {
      ctx = OhttpClient.encapsulate(config, algorithm.kdfId(), algorithm.aeadId(), padded);
    } catch (OhttpException e) {
      throw new ChatException(Kind.PROTOCOL, "cannot encapsulate: " + e.getMessage(), e);
    }
    byte[] encapsulated = ctx.encapsulatedRequest();
    steps.add(
        request.method()
            + " "
            + request.path()
            + ": "
            + encoded.length
            + " bytes of Binary HTTP padded to the "
            + padded.length
            + "-byte bucket, encapsulated to "
            + encapsulated.length
            + " bytes for key id "
            + config.keyId()
            + ", sent to the relay "
            + endpoints.relay());
    HttpRequest post =
        HttpRequest.newBuilder(endpoints.relay())
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", MediaTypes.OHTTP_REQUEST)
            .header("Accept", MediaTypes.OHTTP_RESPONSE + ", " + MediaTypes.OHTTP_CHUNKED_RESPONSE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(encapsulated))
            .build();
    HttpResponse<InputStream> r;
    try {
      r = http.send(post, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new ChatException(
          Kind.UNREACHABLE, "cannot reach the relay at " + endpoints.relay() + ": " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(Kind.UNREACHABLE, "interrupted while waiting for the relay", e);
    }
    try (InputStream in = r.body()) {
      String type = mediaType(r.headers().firstValue("content-type").orElse(""));
      if (r.statusCode() != 200) {
        byte[] err = in.readNBytes(MAX_ERROR_BYTES);
        throw outerError(r.statusCode(), err, type);
      }
      if (type.equals(MediaTypes.OHTTP_RESPONSE)) {
        byte[] sealed = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        if (sealed.length > MAX_RESPONSE_BYTES) {
          throw new ChatException(
              Kind.PROTOCOL, "the response is larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
        BinaryResponse inner;
        try {
          inner = BinaryHttp.decodeResponse(ctx.openResponse(sealed));
        } catch (OhttpException e) {
          throw new ChatException(
              Kind.PROTOCOL, "the response does not decapsulate: " + e.getMessage(), e);
        } catch (BinaryHttpException e) {
          throw new ChatException(
              Kind.PROTOCOL, "the decapsulated response is not Binary HTTP: " + e.getMessage(), e);
        }
        steps.add(
            "relay → 200, "
                + sealed.length
                + " bytes decapsulated; inner status "
                + inner.status());
        return new Exchange(
            inner.status(), inner.headers(), inner.trailers(), inner.content(), false);
      }
      if (type.equals(MediaTypes.OHTTP_CHUNKED_RESPONSE)) {
        return chunked(ctx, in, steps, answer);
      }
      throw new ChatException(
          Kind.PROTOCOL,
          "the relay answered 200 with "
              + (type.isEmpty() ? "no media type" : type)
              + ", not an OHTTP response");
    } catch (IOException e) {
      throw new ChatException(
          Kind.UNREACHABLE, "the connection to the relay broke: " + reason(e), e);
    }
  }

  private Exchange chunked(ClientContext ctx, InputStream in, Steps steps, Answer answer)
      throws ChatException, IOException {
    IncrementalResponseDecoder decoder = new IncrementalResponseDecoder();
    ByteArrayOutputStream held = new ByteArrayOutputStream();
    long total = 0;
    int chunks = 0;
    try {
      ChunkedResponseReader reader = ctx.chunkedResponse(in);
      byte[] plain;
      while ((plain = reader.readChunk()) != null) {
        chunks++;
        total += plain.length;
        if (total > MAX_RESPONSE_BYTES) {
          throw new ChatException(
              Kind.PROTOCOL, "the response is larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
        byte[] content = decoder.feed(plain);
        if (content.length == 0) {
          continue;
        }
        if (decoder.headComplete() && decoder.status() == 200 && answer.streaming()) {
          answer.stream(content);
        } else {
          held.write(content);
        }
      }
      BinaryResponse inner = decoder.finish();
      steps.add(
          "relay → 200, chunked response: "
              + chunks
              + " chunks decapsulated as they came; inner status "
              + inner.status());
      boolean streamed = inner.status() == 200 && answer.streaming();
      return new Exchange(
          inner.status(), inner.headers(), inner.trailers(), held.toByteArray(), streamed);
    } catch (OhttpException e) {
      throw new ChatException(
          Kind.PROTOCOL, "a response chunk does not decapsulate: " + e.getMessage(), e);
    } catch (BinaryHttpException e) {
      throw new ChatException(
          Kind.PROTOCOL, "the decapsulated stream is not Binary HTTP: " + e.getMessage(), e);
    }
  }

  private ChatException outerError(int status, byte[] body, String type) throws StaleKeyException {
    String detail = Problems.detail(body, type);
    if (status == 502 || status == 504) {
      return new ChatException(
          Kind.UNREACHABLE, "the relay could not reach the gateway (" + status + "): " + detail);
    }
    if (status == 400 && Problems.problemType(body).equals(UnknownKeyIdException.PROBLEM_TYPE)) {
      throw new StaleKeyException();
    }
    if (status >= 400 && status < 500) {
      return new ChatException(
          Kind.PROTOCOL,
          "the gateway refused the encapsulated request (" + status + "): " + detail);
    }
    return new ChatException(Kind.UNREACHABLE, "the relay answered " + status + ": " + detail);
  }

  // ------------------------------------------------------------------------------------------
  // The answer

  /** Collects the answer: whole JSON or SSE deltas, the model name and any receipt. */
  private static final class Answer {
    private final boolean stream;
    private final Consumer<String> onText;
    private final StringBuilder text = new StringBuilder();
    private final EventStream events;
    private Optional<String> model = Optional.empty();
    private Optional<JsonObject> receipt = Optional.empty();
    private Optional<String> refusal = Optional.empty();
    private Optional<String> error = Optional.empty();
    private boolean done;

    Answer(boolean stream, Consumer<String> onText) {
      this.stream = stream;
      this.onText = onText;
      this.events = new EventStream(this::event);
    }

    boolean streaming() {
      return stream;
    }

    void stream(byte[] content) throws ChatException {
      events.feed(content);
      if (error.isPresent()) {
        throw new ChatException(Kind.REJECTED, "the model stopped with an error: " + error.get());
      }
    }

    private void event(String data) {
      if (data.equals("[DONE]")) {
        done = true;
        return;
      }
      JsonObject o;
      try {
        o = readJson(data.getBytes(StandardCharsets.UTF_8));
      } catch (ChatException e) {
        error = Optional.of("an event of the stream is not JSON");
        return;
      }
      if (o.get("error") instanceof JsonObject) {
        error = Optional.ofNullable(Problems.errorText(o));
        return;
      }
      if (o.get("model") instanceof JsonString m) {
        model = Optional.of(m.getString());
      }
      metadata(o);
      if (o.get("choices") instanceof jakarta.json.JsonArray choices && !choices.isEmpty()) {
        JsonObject choice = choices.getJsonObject(0);
        if (choice.get("delta") instanceof JsonObject delta
            && delta.get("content") instanceof JsonString c
            && !c.getString().isEmpty()) {
          text.append(c.getString());
          onText.accept(c.getString());
        }
      }
    }

    void whole(byte[] content) throws ChatException {
      if (stream) {
        // a server may answer a stream request in one piece
        events.feed(content);
        return;
      }
      JsonObject o = readJson(content);
      try {
        if (o.get("model") instanceof JsonString m) {
          model = Optional.of(m.getString());
        }
        metadata(o);
        String t =
            o.getJsonArray("choices")
                .getJsonObject(0)
                .getJsonObject("message")
                .getString("content");
        text.append(t);
        onText.accept(t);
      } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
        throw new ChatException(Kind.PROTOCOL, "the answer has no choices[0].message.content", e);
      }
    }

    /** Incognito's additions: the receipt and a refusal category. */
    private void metadata(JsonObject o) {
      if (o.get(INCOGNITO_MEMBER) instanceof JsonObject i) {
        if (i.get("receipt") instanceof JsonObject r) {
          receipt = Optional.of(r);
        }
        if (i.get("refusal") instanceof JsonString r) {
          refusal = Optional.of(r.getString());
        }
      }
    }

    void finish() throws ChatException {
      if (stream) {
        events.finish();
        if (error.isPresent()) {
          throw new ChatException(Kind.REJECTED, "the model stopped with an error: " + error.get());
        }
        if (!done) {
          throw new ChatException(
              Kind.PROTOCOL, "the answer stream ended without [DONE]: the answer may be cut");
        }
      }
    }

    String text() {
      return text.toString();
    }

    Optional<String> model() {
      return model;
    }
  }

  private record ReceiptOutcome(ReceiptStatus status, Optional<Receipt> receipt) {}

  private ReceiptOutcome checkReceipt(
      Answer answer, byte[] requestBody, String text, byte[] nonce, Steps steps)
      throws ChatException {
    Optional<Receipt> receipt;
    try {
      receipt =
          answer.receipt.isPresent()
              ? Optional.of(Receipt.fromJson(answer.receipt.get()))
              : Optional.empty();
    } catch (ReceiptVerificationException e) {
      throw new ChatException(
          Kind.VERIFICATION,
          "the answer's receipt is malformed ("
              + e.getMessage()
              + "): the answer is not vouched for",
          e);
    }
    if (receipt.isEmpty()) {
      steps.add("WARNING: the answer carries no receipt: nothing vouches for what was said");
      return new ReceiptOutcome(ReceiptStatus.MISSING, receipt);
    }
    if (bundle.isEmpty()) {
      steps.add("WARNING: the answer carries a receipt, but without a bundle it cannot be checked");
      return new ReceiptOutcome(ReceiptStatus.UNCHECKED, receipt);
    }
    GatewayBundle b = bundle.get();
    try {
      new ReceiptVerifier(b.receiptKey())
          .verify(
              receipt.get(),
              requestBody,
              text.getBytes(StandardCharsets.UTF_8),
              b.modelSha256(),
              b.policySha256(),
              nonce);
    } catch (IllegalArgumentException e) {
      throw new ChatException(
          Kind.VERIFICATION,
          "the bundle's receipt key is not a valid Ed25519 key: the answer is not vouched for",
          e);
    } catch (ReceiptVerificationException e) {
      throw new ChatException(
          Kind.VERIFICATION,
          "the receipt does not verify ("
              + e.getMessage()
              + "): the answer is not vouched for by the gateway's receipt key",
          e);
    }
    steps.add(
        "receipt verified: signed by the bundle's receipt key "
            + b.receiptKeyId().substring(0, 16)
            + "… over this request, this answer, the model, the policy and the device's nonce");
    return new ReceiptOutcome(ReceiptStatus.VERIFIED, receipt);
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  static byte[] requestBody(
      List<ChatMessage> conversation, ChatSettings settings, String model, byte[] nonce) {
    JsonArrayBuilder messages = Json.createArrayBuilder();
    for (ChatMessage m : conversation) {
      messages.add(Json.createObjectBuilder().add("role", m.role()).add("content", m.content()));
    }
    JsonObjectBuilder o =
        Json.createObjectBuilder()
            .add("model", model)
            .add("messages", messages)
            .add("max_tokens", settings.maxTokens())
            .add("stream", settings.stream())
            .add(
                INCOGNITO_MEMBER,
                Json.createObjectBuilder()
                    .add("nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)));
    settings.temperature().ifPresent(t -> o.add("temperature", t));
    return o.build().toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String innerErrorText(Exchange ex) {
    return Problems.detail(
        ex.content(),
        ex.headers().stream()
            .filter(f -> f.name().equals("content-type"))
            .map(Field::value)
            .findFirst()
            .orElse(""));
  }

  static JsonObject readJson(byte[] content) throws ChatException {
    try (var reader =
        Json.createReader(new StringReader(new String(content, StandardCharsets.UTF_8)))) {
      return reader.readObject();
    } catch (JsonException | ClassCastException e) {
      throw new ChatException(Kind.PROTOCOL, "the inner response is not a JSON object", e);
    }
  }

  private HttpResponse<byte[]> sendForBytes(HttpRequest request, String who, int max)
      throws ChatException {
    try {
      HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
          throw new ChatException(
              Kind.PROTOCOL, who + " sent more than " + max + " bytes from " + request.uri());
        }
        return new BytesResponse(r, body);
      }
    } catch (IOException e) {
      throw new ChatException(
          Kind.UNREACHABLE, "cannot reach " + who + " at " + request.uri() + ": " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatException(Kind.UNREACHABLE, "interrupted while waiting for " + who, e);
    }
  }

  /** A response whose body was read with a cap. */
  private record BytesResponse(HttpResponse<InputStream> r, byte[] body)
      implements HttpResponse<byte[]> {
    @Override
    public int statusCode() {
      return r.statusCode();
    }

    @Override
    public HttpRequest request() {
      return r.request();
    }

    @Override
    public Optional<HttpResponse<byte[]>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return r.headers();
    }

    @Override
    public Optional<javax.net.ssl.SSLSession> sslSession() {
      return r.sslSession();
    }

    @Override
    public URI uri() {
      return r.uri();
    }

    @Override
    public HttpClient.Version version() {
      return r.version();
    }
  }

  static String reason(IOException e) {
    String m = e.getMessage();
    if (e instanceof java.net.ConnectException) {
      return "connection refused (is the server running? `incognito server start`)";
    }
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static String hostAndPath(URI u) {
    return u.getAuthority() + (u.getPath() == null ? "" : u.getPath());
  }

  static String algorithmName(SymmetricAlgorithm a) {
    String kdf =
        switch (a.kdfId()) {
          case 0x0001 -> "HKDF-SHA256";
          case 0x0002 -> "HKDF-SHA384";
          case 0x0003 -> "HKDF-SHA512";
          default -> String.format("KDF 0x%04x", a.kdfId());
        };
    String aead =
        switch (a.aeadId()) {
          case 0x0001 -> "AES-128-GCM";
          case 0x0002 -> "AES-256-GCM";
          case 0x0003 -> "ChaCha20-Poly1305";
          default -> String.format("AEAD 0x%04x", a.aeadId());
        };
    return "DHKEM(X25519), " + kdf + ", " + aead;
  }

  /** The step lines of one operation, passed on to the listener as they happen. */
  private static final class Steps {
    private final Consumer<String> listener;
    private final List<String> lines = new ArrayList<>();

    Steps(Consumer<String> listener) {
      this.listener = listener;
    }

    void add(String line) {
      lines.add(line);
      listener.accept(line);
    }

    List<String> lines() {
      return List.copyOf(lines);
    }
  }
}
