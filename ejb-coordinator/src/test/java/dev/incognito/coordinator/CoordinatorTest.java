package dev.incognito.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.inference.api.Completion;
import dev.incognito.inference.api.CompletionRequest;
import dev.incognito.inference.api.ModelInfo;
import dev.incognito.inference.api.PredictorConnection;
import dev.incognito.inference.api.TokenSink;
import dev.incognito.inference.engine.Engine;
import dev.incognito.inference.engine.EngineOptions;
import dev.incognito.protocol.receipt.Receipt;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's inner API over the engine's built-in demo model, outside the container: the
 * predictor's connection factory is the engine itself, so routing, validation, the safety policy,
 * streaming and receipts run as they do in the server.
 */
class CoordinatorTest {

  private static Engine engine;
  private static Coordinator coordinator;

  @BeforeAll
  static void start() throws Exception {
    EngineOptions d = EngineOptions.defaults();
    engine =
        Engine.start(
            new EngineOptions(Optional.empty(), Optional.empty(), d.backend(), 1, 2, 256, 16, 64),
            progress -> {});
    Predictor predictor = new Predictor();
    predictor.connections =
        () ->
            new PredictorConnection() {
              @Override
              public ModelInfo modelInfo() {
                return engine.modelInfo();
              }

              @Override
              public Completion complete(CompletionRequest request, TokenSink sink)
                  throws dev.incognito.inference.api.PredictorException {
                return engine.complete(request, sink);
              }

              @Override
              public void close() {}
            };
    ServingIdentity identity = new ServingIdentity();
    identity.policyFile = Optional.empty();
    identity.init();
    coordinator = new Coordinator();
    coordinator.predictor = predictor;
    coordinator.identity = identity;
    coordinator.observations = new Observations();
    coordinator.maxTokens = 64;
    coordinator.defaultMaxTokens = 16;
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  /** Collects what the coordinator answers. */
  static final class Recorded implements Responder {
    int status;
    Map<String, String> headers;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final List<String> pieces = new ArrayList<>();
    boolean streamed;

    @Override
    public void respond(int status, Map<String, String> headers, byte[] body) {
      this.status = status;
      this.headers = headers;
      this.body.writeBytes(body);
    }

    @Override
    public Stream stream(Map<String, String> headers) {
      this.status = 200;
      this.headers = headers;
      this.streamed = true;
      return piece -> {
        pieces.add(new String(piece, StandardCharsets.UTF_8));
        body.writeBytes(piece);
        return true;
      };
    }

    JsonObject json() {
      try (var r = Json.createReader(new StringReader(body.toString(StandardCharsets.UTF_8)))) {
        return r.readObject();
      }
    }
  }

  private static Recorded call(String method, String path, String type, String body) {
    Recorded r = new Recorded();
    coordinator.handle(
        new InnerRequest(method, path, type, body.getBytes(StandardCharsets.UTF_8)), r);
    return r;
  }

  private static String chat(String extra, String content) {
    return "{\"model\":\""
        + engine.modelInfo().id()
        + "\""
        + extra
        + ",\"messages\":[{\"role\":\"user\",\"content\":\""
        + content
        + "\"}]}";
  }

  @Test
  void chat_answersWithUsageDemoNoticeAndAReceiptOverRequestAndAnswer() throws Exception {
    String body = chat(",\"max_tokens\":8,\"temperature\":0", "Once upon a time");
    Recorded r = call("POST", "/v1/chat/completions", "application/json", body);
    assertEquals(200, r.status);
    JsonObject answer = r.json();
    String content =
        answer
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message")
            .getString("content");
    assertTrue(answer.getJsonObject("usage").getInt("completion_tokens") <= 8);
    JsonObject incognito = answer.getJsonObject("incognito");
    assertTrue(incognito.getBoolean("demo"));
    assertFalse(incognito.getString("notice").isEmpty());
    Receipt receipt = Receipt.fromJson(incognito.getJsonObject("receipt"));
    new dev.incognito.protocol.receipt.ReceiptVerifier(coordinator.receiptPublicKey())
        .verify(
            receipt,
            body.getBytes(StandardCharsets.UTF_8),
            content.getBytes(StandardCharsets.UTF_8),
            HexFormat.of().parseHex(engine.modelInfo().weightsSha256()),
            coordinator.policySha256(),
            new byte[0]);
  }

  @Test
  void stream_sendsRoleFirstThenPiecesThenFinishWithReceiptThenDone() {
    Recorded r =
        call("POST", "/v1/chat/completions", "application/json", chat(",\"stream\":true", "Hello"));
    assertTrue(r.streamed);
    assertEquals("text/event-stream", r.headers.get("content-type"));
    assertEquals("data: [DONE]\n\n", r.pieces.get(r.pieces.size() - 1));
    String finish = r.pieces.get(r.pieces.size() - 2);
    assertTrue(finish.startsWith("data: {") && finish.endsWith("}\n\n"));
    assertTrue(finish.contains("\"receipt\""));
    assertTrue(finish.contains("\"finish_reason\":\""));
    if (r.pieces.size() > 2) {
      assertTrue(r.pieces.get(0).contains("\"role\":\"assistant\""));
    }
  }

  @Test
  void safety_refusesACoveredConversationWithoutCallingTheModel() {
    Recorded r =
        call(
            "POST",
            "/v1/chat/completions",
            "application/json",
            chat("", "i want to hurt myself tonight"));
    assertEquals(200, r.status);
    JsonObject choice = r.json().getJsonArray("choices").getJsonObject(0);
    assertEquals("content_filter", choice.getString("finish_reason"));
    assertNotNull(r.json().getJsonObject("incognito").getString("refusal"));
    assertEquals(0, r.json().getJsonObject("usage").getInt("completion_tokens"));
  }

  @Test
  void routes_byPathWithTheirOwnErrors() {
    assertEquals(200, call("GET", "/v1/models", null, "").status);
    assertEquals(200, call("GET", "/v1/models?x=1", null, "").status);
    assertEquals(404, call("GET", "/v1/engines", null, "").status);
    assertEquals(405, call("GET", "/v1/chat/completions", null, "").status);
    assertEquals(405, call("POST", "/v1/models", "application/json", "{}").status);
    assertEquals(
        404,
        call(
                "POST",
                "/v1/chat/completions",
                "application/json",
                "{\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
            .status);
    assertEquals(
        400,
        call("POST", "/v1/chat/completions", "application/json", chat(",\"max_tokens\":65", "x"))
            .status);
    assertEquals(415, call("POST", "/v1/chat/completions", "text/plain", chat("", "x")).status);
    Recorded bad = call("POST", "/v1/chat/completions", "application/json", "{");
    assertEquals("invalid_json", bad.json().getJsonObject("error").getString("code"));
  }
}
