package dev.incognito.coordinator.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.inference.api.ChatMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRequestTest {

  private static final ChatRequest.Limits LIMITS = new ChatRequest.Limits(512, 64);
  private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

  private static ChatRequest parse(String json) throws ApiError {
    return ChatRequest.parse("application/json", json.getBytes(StandardCharsets.UTF_8), LIMITS);
  }

  private static ApiError rejected(String json) {
    return assertThrows(ApiError.class, () -> parse(json));
  }

  @Test
  void parse_acceptsAMinimalChatWithDefaults() throws Exception {
    ChatRequest r = parse("{\"model\":\"m\"," + MESSAGES + "}");
    assertEquals("m", r.model());
    assertEquals(64, r.maxTokens());
    assertEquals(1.0, r.sampling().temperature());
    assertFalse(r.stream());
    assertEquals(0, r.nonce().length);
    assertEquals(ChatMessage.Role.USER, r.messages().get(0).role());
  }

  @Test
  void parse_joinsTextPartsAndReadsStreamAndNonce() throws Exception {
    ChatRequest r =
        parse(
            "{\"model\":\"m\",\"stream\":true,\"max_tokens\":512,\"temperature\":0,"
                + "\"incognito\":{\"nonce\":\"AQID\"},\"messages\":[{\"role\":\"system\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}]}");
    assertTrue(r.stream());
    assertEquals(512, r.maxTokens());
    assertEquals("ab", r.messages().get(0).content());
    assertArrayEquals(new byte[] {1, 2, 3}, r.nonce());
    assertTrue(r.sampling().isGreedy());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "max_tokens zero | \"max_tokens\":0 | invalid_max_tokens",
        "max_tokens negative | \"max_tokens\":-3 | invalid_max_tokens",
        "max_tokens fraction | \"max_tokens\":1.5 | invalid_max_tokens",
        "max_tokens string | \"max_tokens\":\"10\" | invalid_max_tokens",
        "max_tokens above max | \"max_tokens\":513 | invalid_max_tokens",
        "max_tokens huge exponent | \"max_tokens\":1e999999 | invalid_max_tokens",
        "temperature above 2 | \"temperature\":2.01 | invalid_temperature",
        "temperature negative | \"temperature\":-0.1 | invalid_temperature",
        "temperature string | \"temperature\":\"hot\" | invalid_temperature",
        "top_p zero | \"top_p\":0 | invalid_top_p",
        "stream not boolean | \"stream\":\"yes\" | invalid_stream",
        "n two | \"n\":2 | invalid_n",
        "seed fraction | \"seed\":0.5 | invalid_seed",
        "stop number | \"stop\":5 | invalid_stop",
        "nonce too long | \"incognito\":{\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"} | invalid_nonce",
        "nonce not base64 | \"incognito\":{\"nonce\":\"!!\"} | invalid_nonce",
      })
  void parse_rejectsBadParameters(String what, String member, String code) {
    ApiError e = rejected("{\"model\":\"m\"," + MESSAGES + "," + member + "}");
    assertEquals(400, e.status());
    assertEquals(code, e.code());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no messages | {\"model\":\"m\"} | invalid_messages",
        "empty messages | {\"model\":\"m\",\"messages\":[]} | invalid_messages",
        "no model | {" + MESSAGES + "} | invalid_model",
        "model number | {\"model\":1," + MESSAGES + "} | invalid_model",
        "role tool | {\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]} | invalid_role",
        "role missing | {\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]} | invalid_role",
        "content number | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]} | invalid_content",
        "content null | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":null}]} | invalid_content",
        "image part | {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]}]} | invalid_content",
        "message not object | {\"model\":\"m\",\"messages\":[\"hi\"]} | invalid_messages",
        "array body | [1] | invalid_json",
        "truncated | {\"model\":\"m\" | invalid_json",
        "trailing garbage | {\"model\":\"m\"," + MESSAGES + "} x | invalid_json",
      })
  void parse_rejectsBadShapes(String what, String json, String code) {
    ApiError e = rejected(json);
    assertEquals(400, e.status());
    assertEquals(code, e.code());
  }

  @Test
  void parse_rejectsNonUtf8Bodies() {
    byte[] body = {'{', '"', 'm', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
    ApiError e =
        assertThrows(ApiError.class, () -> ChatRequest.parse("application/json", body, LIMITS));
    assertEquals("invalid_encoding", e.code());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin1",
        "''"
      })
  void parse_rejectsNonJsonMediaTypesWith415(String type) {
    ApiError e =
        assertThrows(
            ApiError.class,
            () ->
                ChatRequest.parse(
                    type.isEmpty() ? null : type,
                    ("{\"model\":\"m\"," + MESSAGES + "}").getBytes(StandardCharsets.UTF_8),
                    LIMITS));
    assertEquals(415, e.status());
  }

  @Test
  void apiError_bodyHasTheOpenAiShape() {
    String body =
        new String(ApiError.invalid("invalid_role", "bad role").body(), StandardCharsets.UTF_8);
    assertEquals(
        "{\"error\":{\"message\":\"bad role\",\"type\":\"invalid_request_error\","
            + "\"code\":\"invalid_role\"}}",
        body);
  }

  @Test
  void toString_neverShowsContent() throws Exception {
    ChatRequest r =
        parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"SECRET-7\"}]}");
    assertFalse(r.toString().contains("SECRET-7"));
  }
}
