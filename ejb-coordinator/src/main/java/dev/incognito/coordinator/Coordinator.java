package dev.incognito.coordinator;

import dev.incognito.coordinator.chat.ApiError;
import dev.incognito.coordinator.chat.ChatRequest;
import dev.incognito.coordinator.chat.ChatResponses;
import dev.incognito.coordinator.safety.SafetyPolicy;
import dev.incognito.inference.api.ChatMessage;
import dev.incognito.inference.api.Completion;
import dev.incognito.inference.api.ModelInfo;
import dev.incognito.inference.api.PredictorException;
import dev.incognito.protocol.receipt.Receipt;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Serves the inner API: {@code POST /v1/chat/completions} (whole or streamed as server-sent events)
 * and {@code GET /v1/models}. Routes by path alone. Every answer, errors included, goes to the
 * gateway's {@link Responder}; nothing escapes as an exception and no error carries a stack trace
 * or an exception's class name.
 *
 * <p>A chat: validate (rejecting, never clamping), check the model, apply the safety policy to
 * every turn, generate through the predictor, apply the policy to the answer (a refusal replaces
 * it), sign a receipt over the request body and the answer text, answer. The answer buffers are
 * wiped when the request ends.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@ConnectionFactoryDefinition(
    name = Coordinator.PREDICTOR,
    description = "The predictor served by the Incognito resource adapter",
    interfaceName = "dev.incognito.inference.api.PredictorConnectionFactory",
    resourceAdapter = "#jca-gpu-adapter",
    transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
    minPoolSize = 0,
    maxPoolSize = 32)
public class Coordinator {

  private static final Logger LOG = Logger.getLogger(Coordinator.class.getName());

  /** JNDI name of the predictor's connection factory, defined for the whole application. */
  public static final String PREDICTOR = "java:app/incognito/predictor";

  public static final String CHAT_COMPLETIONS = "/v1/chat/completions";
  public static final String MODELS = "/v1/models";

  /** OpenAI's finish reason for an answer the safety policy replaced. */
  static final String CONTENT_FILTER = "content_filter";

  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject Predictor predictor;
  @Inject ServingIdentity identity;
  @Inject Observations observations;

  /** The largest {@code max_tokens} a request may ask for. */
  @Inject
  @ConfigProperty(name = "incognito.coordinator.max-tokens", defaultValue = "1024")
  int maxTokens;

  /** Tokens generated when a request names no {@code max_tokens}. */
  @Inject
  @ConfigProperty(name = "incognito.coordinator.default-max-tokens", defaultValue = "256")
  int defaultMaxTokens;

  /** Answers one inner request through {@code responder}. */
  public void handle(InnerRequest request, Responder responder) {
    Exchange exchange = new Exchange(responder);
    long started = System.nanoTime();
    try {
      answer(request, exchange);
    } finally {
      String route =
          switch (request.route()) {
            case CHAT_COMPLETIONS, MODELS -> request.route();
            default -> "other"; // the path came from the device: never a label
          };
      observations.answered(route, exchange.status, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private void answer(InnerRequest request, Exchange exchange) {
    try {
      switch (request.route()) {
        case CHAT_COMPLETIONS -> {
          requireMethod(request, "POST");
          chat(request, exchange);
        }
        case MODELS -> {
          requireMethod(request, "GET");
          ModelInfo model = predictor.model();
          exchange.respond(
              200, ChatResponses.JSON, ChatResponses.models(model, Instant.now().getEpochSecond()));
        }
        default ->
            throw new ApiError(
                404,
                ApiError.INVALID_REQUEST,
                "not_found",
                "no such endpoint; this server serves POST "
                    + CHAT_COMPLETIONS
                    + " and GET "
                    + MODELS);
      }
    } catch (ApiError e) {
      exchange.fail(e);
    } catch (PredictorException e) {
      exchange.fail(predictorError(e));
    } catch (BulkheadException e) {
      exchange.fail(overloaded());
    } catch (TimeoutException e) {
      exchange.fail(
          new ApiError(503, "server_error", "timeout", "the answer took too long; try again"));
    } catch (FaultToleranceException e) {
      exchange.fail(overloaded());
    } catch (RuntimeException e) {
      if (exchange.deviceGone) {
        return;
      }
      LOG.warning(() -> "inner request failed: " + e.getClass().getSimpleName());
      exchange.fail(new ApiError(500, "server_error", "internal_error", "the request failed"));
    }
  }

  /** The model being served (for the attestation bundle). */
  public ModelInfo modelInfo() throws PredictorException {
    return predictor.model();
  }

  /** The raw Ed25519 receipt public key, 32 bytes. */
  public byte[] receiptPublicKey() {
    return identity.receiptPublicKey();
  }

  /** SHA-256 of the safety policy in force. */
  public byte[] policySha256() {
    return identity.policy().sha256();
  }

  private void chat(InnerRequest request, Exchange exchange) throws ApiError, PredictorException {
    ChatRequest chat =
        ChatRequest.parse(
            request.contentType(),
            request.body(),
            new ChatRequest.Limits(maxTokens, Math.min(defaultMaxTokens, maxTokens)));
    ModelInfo model = predictor.model();
    if (!chat.model().equals(model.id())) {
      throw new ApiError(
          404,
          ApiError.INVALID_REQUEST,
          "model_not_found",
          "the requested model is not served here; GET " + MODELS + " lists the one that is");
    }
    if (!HEX_SHA256.matcher(model.weightsSha256()).matches()) {
      throw new ApiError(
          503, "server_error", "model_digest_unavailable", "the model's digest is not available");
    }
    Answer answer =
        new Answer(
            "chatcmpl-" + HexFormat.of().formatHex(randomBytes(12)),
            Instant.now().getEpochSecond(),
            model,
            HexFormat.of().parseHex(model.weightsSha256()),
            request.body(),
            chat.nonce());
    try {
      SafetyPolicy policy = identity.policy();
      for (ChatMessage m : chat.messages()) {
        if (policy.evaluate(m.content()) instanceof SafetyPolicy.Refused r) {
          answer.refuse(r);
          if (chat.stream()) {
            exchange.streamWhole(answer);
          } else {
            exchange.respond(200, ChatResponses.JSON, answer.whole());
          }
          return;
        }
      }
      if (chat.stream()) {
        streamed(chat, answer, exchange, policy);
      } else {
        Completion c = predictor.complete(chat.completionRequest(), piece -> true);
        answer.text.append(c.text());
        answer.usage(c);
        if (policy.evaluate(answer.text) instanceof SafetyPolicy.Refused r) {
          answer.refuse(r);
        } else {
          answer.finishReason = c.finishReason().wireName();
        }
        exchange.respond(200, ChatResponses.JSON, answer.whole());
      }
    } finally {
      answer.wipe();
    }
  }

  private void streamed(ChatRequest chat, Answer answer, Exchange exchange, SafetyPolicy policy)
      throws PredictorException {
    StringBuilder generated = new StringBuilder();
    SafetyPolicy.Refused[] refused = {null};
    try {
      Completion c =
          predictor.complete(
              chat.completionRequest(),
              piece -> {
                generated.append(piece);
                int from = Math.max(0, generated.length() - SafetyPolicy.WINDOW_CHARS);
                if (policy.evaluate(generated.subSequence(from, generated.length()))
                    instanceof SafetyPolicy.Refused r) {
                  refused[0] = r;
                  return false;
                }
                boolean first = answer.text.isEmpty();
                answer.text.append(piece);
                return exchange.send(
                    ChatResponses.delta(answer.id, answer.created, answer.model, piece, first));
              });
      if (exchange.deviceGone) {
        return;
      }
      answer.usage(c);
      if (refused[0] != null) {
        String note = (answer.text.isEmpty() ? "" : "\n\n") + refused[0].message();
        boolean first = answer.text.isEmpty();
        answer.text.append(note);
        answer.finishReason = CONTENT_FILTER;
        answer.refusal = refused[0].category();
        exchange.send(ChatResponses.delta(answer.id, answer.created, answer.model, note, first));
      } else {
        answer.finishReason = c.finishReason().wireName();
      }
      exchange.send(answer.finish());
      exchange.send(ChatResponses.DONE);
    } finally {
      wipe(generated);
    }
  }

  private static void requireMethod(InnerRequest request, String method) throws ApiError {
    if (!request.method().equals(method)) {
      throw new ApiError(
          405,
          ApiError.INVALID_REQUEST,
          "method_not_allowed",
          request.route() + " accepts " + method + " only");
    }
  }

  private static ApiError predictorError(PredictorException e) {
    return switch (e.kind()) {
      case BAD_REQUEST -> ApiError.invalid("invalid_request", e.getMessage());
      case OVERLOADED -> overloaded();
      case UNAVAILABLE ->
          new ApiError(503, "server_error", "unavailable", "the model is not available");
      case INTERNAL -> {
        LOG.warning("predictor failure");
        yield new ApiError(500, "server_error", "internal_error", "the answer failed");
      }
    };
  }

  private static ApiError overloaded() {
    return new ApiError(
        503, "server_error", "overloaded", "too many requests in progress; retry shortly");
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Overwrites a buffer's characters before dropping them. */
  static void wipe(StringBuilder b) {
    for (int i = 0; i < b.length(); i++) {
      b.setCharAt(i, '\0');
    }
    b.setLength(0);
    b.trimToSize();
  }

  /** One answer being built: its text, finish reason, usage and receipt inputs. */
  private final class Answer {
    final String id;
    final long created;
    final ModelInfo model;
    final byte[] modelSha256;
    final byte[] requestBody;
    final byte[] nonce;
    final StringBuilder text = new StringBuilder();
    final long startedNanos = System.nanoTime();
    String finishReason = "stop";
    String refusal;
    int promptTokens;
    int completionTokens;

    Answer(
        String id,
        long created,
        ModelInfo model,
        byte[] modelSha256,
        byte[] requestBody,
        byte[] nonce) {
      this.id = id;
      this.created = created;
      this.model = model;
      this.modelSha256 = modelSha256;
      this.requestBody = requestBody;
      this.nonce = nonce;
    }

    void refuse(SafetyPolicy.Refused r) {
      observations.refused(r.category());
      Coordinator.wipe(text);
      text.append(r.message());
      finishReason = CONTENT_FILTER;
      refusal = r.category();
    }

    void usage(Completion c) {
      promptTokens = c.promptTokens();
      completionTokens = c.completionTokens();
      observations.generated(completionTokens, Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    JsonObject incognito() {
      byte[] answerBytes = text.toString().getBytes(StandardCharsets.UTF_8);
      Receipt receipt = identity.sign(requestBody, answerBytes, modelSha256, created, nonce);
      java.util.Arrays.fill(answerBytes, (byte) 0);
      JsonObjectBuilder b = ChatResponses.metadata(model);
      try (var r = Json.createReader(new StringReader(receipt.toJson()))) {
        b.add("receipt", r.readObject());
      }
      if (refusal != null) {
        b.add("refusal", refusal);
      }
      return b.build();
    }

    byte[] whole() {
      return ChatResponses.completion(
          id,
          created,
          model,
          text.toString(),
          finishReason,
          promptTokens,
          completionTokens,
          incognito());
    }

    byte[] finish() {
      return ChatResponses.finish(
          id, created, model, finishReason, promptTokens, completionTokens, incognito());
    }

    void wipe() {
      Coordinator.wipe(text);
    }
  }

  /** The responder for one request: opens a stream at most once, and answers exactly once. */
  private static final class Exchange {
    private final Responder responder;
    private Responder.Stream stream;
    private boolean answered;
    boolean deviceGone;
    int status; // 0 until answered

    Exchange(Responder responder) {
      this.responder = responder;
    }

    void respond(int status, String contentType, byte[] body) {
      respond(status, Map.of("content-type", contentType), body);
    }

    private void respond(int status, Map<String, String> headers, byte[] body) {
      if (answered) {
        throw new IllegalStateException("answered twice");
      }
      answered = true;
      this.status = status;
      responder.respond(status, headers, body);
    }

    /** Sends one event, opening the stream first if needed. */
    boolean send(byte[] event) {
      if (deviceGone) {
        return false;
      }
      if (stream == null) {
        if (answered) {
          throw new IllegalStateException("answered twice");
        }
        answered = true;
        status = 200;
        stream =
            responder.stream(
                Map.of("content-type", ChatResponses.EVENT_STREAM, "cache-control", "no-store"));
      }
      if (!stream.send(event)) {
        deviceGone = true;
      }
      return !deviceGone;
    }

    /** A whole answer (a refusal) delivered as a stream, since the device asked for one. */
    void streamWhole(Answer a) {
      if (send(ChatResponses.delta(a.id, a.created, a.model, a.text.toString(), true))
          && send(a.finish())) {
        send(ChatResponses.DONE);
      }
    }

    /** An error: a whole error answer, or an error event when the stream is already open. */
    void fail(ApiError e) {
      if (stream != null) {
        byte[] event =
            ("data: " + new String(e.body(), StandardCharsets.UTF_8) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        if (send(event)) {
          send(ChatResponses.DONE);
        }
        return;
      }
      if (answered) {
        return;
      }
      Map<String, String> headers =
          e.status() == 503
              ? Map.of("content-type", ChatResponses.JSON, "retry-after", "1")
              : Map.of("content-type", ChatResponses.JSON);
      respond(e.status(), headers, e.body());
    }
  }
}
