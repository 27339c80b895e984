package dev.incognito.coordinator.chat;

import dev.incognito.inference.api.ChatMessage;
import dev.incognito.inference.api.CompletionRequest;
import dev.incognito.inference.api.SamplingParams;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A validated {@code POST /v1/chat/completions} request. {@link #parse} rejects what the API does
 * not allow instead of clamping it (ARCHITECTURE.md, pinned item 6): {@code max_tokens} that is not
 * a positive integer or above the configured maximum, {@code temperature} outside 0–2 or not a
 * number, a role other than system/user/assistant, content that is neither a string nor an array of
 * text parts, a non-JSON media type (415) and a body that is not UTF-8. Whether the model exists is
 * the coordinator's check (404), since only it knows what is served.
 *
 * @param model the requested model id
 * @param messages the conversation
 * @param maxTokens tokens to generate, within the configured maximum
 * @param sampling temperature, top_p and seed
 * @param stop stop strings
 * @param stream whether the answer is streamed as server-sent events
 * @param nonce the device's receipt nonce (may be empty)
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    int maxTokens,
    SamplingParams sampling,
    List<String> stop,
    boolean stream,
    byte[] nonce) {

  /** Largest request body, bytes. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /** Most messages in one conversation. */
  public static final int MAX_MESSAGES = 512;

  /** Most content parts in one message. */
  public static final int MAX_CONTENT_PARTS = 64;

  /** Longest model id, characters. */
  public static final int MAX_MODEL_CHARS = 256;

  /** Longest receipt nonce, bytes (the receipt's own limit). */
  public static final int MAX_NONCE_BYTES = dev.incognito.protocol.receipt.Receipt.MAX_NONCE_BYTES;

  /**
   * The limits this server applies.
   *
   * @param maxTokens the largest {@code max_tokens} accepted
   * @param defaultMaxTokens tokens generated when the request names none
   */
  public record Limits(int maxTokens, int defaultMaxTokens) {
    public Limits {
      if (maxTokens < 1 || defaultMaxTokens < 1 || defaultMaxTokens > maxTokens) {
        throw new IllegalArgumentException(
            "token limits must be positive, the default no larger than the maximum");
      }
    }
  }

  public ChatRequest {
    Objects.requireNonNull(model, "model");
    messages = List.copyOf(messages);
    stop = List.copyOf(stop);
    nonce = nonce.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  /** The predictor's request for this chat. */
  public CompletionRequest completionRequest() {
    return new CompletionRequest(messages, null, sampling, maxTokens, stop);
  }

  /**
   * Validates a request.
   *
   * @param contentType the inner request's {@code Content-Type}, or null
   * @param body the inner request body
   */
  public static ChatRequest parse(String contentType, byte[] body, Limits limits) throws ApiError {
    requireJson(contentType);
    if (body.length > MAX_BODY_BYTES) {
      throw new ApiError(
          413,
          ApiError.INVALID_REQUEST,
          "request_too_large",
          "the request body has more than " + MAX_BODY_BYTES + " bytes");
    }
    JsonObject root = readObject(body);
    String model = string(root, "model", true);
    if (model.length() > MAX_MODEL_CHARS) {
      throw ApiError.invalid("invalid_model", "model must have at most 256 characters");
    }
    List<ChatMessage> messages = messages(root);
    int maxTokens = maxTokens(root, limits);
    SamplingParams sampling = sampling(root);
    List<String> stop = stop(root);
    boolean stream = bool(root, "stream");
    JsonValue n = root.get("n");
    if (n != null
        && n != JsonValue.NULL
        && !(n instanceof JsonNumber one && one.bigDecimalValue().compareTo(BigDecimal.ONE) == 0)) {
      throw ApiError.invalid("invalid_n", "n must be 1: one choice per request");
    }
    return new ChatRequest(model, messages, maxTokens, sampling, stop, stream, nonce(root));
  }

  /** Rejects a media type other than JSON (415), or JSON in a charset other than UTF-8. */
  public static void requireJson(String contentType) throws ApiError {
    String essence = "";
    String params = "";
    if (contentType != null) {
      int semicolon = contentType.indexOf(';');
      essence =
          (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
              .strip()
              .toLowerCase(Locale.ROOT);
      params = semicolon < 0 ? "" : contentType.substring(semicolon + 1).toLowerCase(Locale.ROOT);
    }
    if (!essence.equals("application/json")) {
      throw new ApiError(
          415,
          ApiError.INVALID_REQUEST,
          "unsupported_media_type",
          "the request body must be application/json");
    }
    for (String p : params.split(";")) {
      String[] kv = p.strip().split("=", 2);
      if (kv.length == 2
          && kv[0].strip().equals("charset")
          && !kv[1].strip().replace("\"", "").equals("utf-8")) {
        throw new ApiError(
            415,
            ApiError.INVALID_REQUEST,
            "unsupported_media_type",
            "application/json must be UTF-8");
      }
    }
  }

  /** Decodes strict UTF-8 (RFC 8259 §8.1) and parses one JSON object. */
  static JsonObject readObject(byte[] body) throws ApiError {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw ApiError.invalid("invalid_encoding", "the request body is not valid UTF-8");
    }
    try (JsonParser parser = Json.createParser(new StringReader(text))) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        throw ApiError.invalid("invalid_json", "the request body must be a JSON object");
      }
      JsonObject object = parser.getObject();
      if (parser.hasNext()) {
        throw ApiError.invalid("invalid_json", "the request body has data after the JSON object");
      }
      return object;
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      // JsonParsingException is a JsonException
      throw ApiError.invalid("invalid_json", "the request body is not valid JSON");
    }
  }

  private static List<ChatMessage> messages(JsonObject root) throws ApiError {
    JsonValue v = root.get("messages");
    if (v == null || v.getValueType() != JsonValue.ValueType.ARRAY) {
      throw ApiError.invalid("invalid_messages", "messages must be an array");
    }
    JsonArray array = v.asJsonArray();
    if (array.isEmpty()) {
      throw ApiError.invalid("invalid_messages", "messages must not be empty");
    }
    if (array.size() > MAX_MESSAGES) {
      throw ApiError.invalid("invalid_messages", "at most " + MAX_MESSAGES + " messages");
    }
    List<ChatMessage> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonValue m = array.get(i);
      if (m.getValueType() != JsonValue.ValueType.OBJECT) {
        throw ApiError.invalid("invalid_messages", "messages[" + i + "] must be an object");
      }
      JsonObject o = m.asJsonObject();
      JsonValue role = o.get("role");
      ChatMessage.Role r;
      try {
        if (!(role instanceof JsonString s)) {
          throw new IllegalArgumentException();
        }
        r = ChatMessage.Role.fromWireName(s.getString());
      } catch (IllegalArgumentException e) {
        throw ApiError.invalid(
            "invalid_role", "messages[" + i + "].role must be system, user or assistant");
      }
      out.add(new ChatMessage(r, content(o.get("content"), i)));
    }
    return out;
  }

  /** A string, or an array of {@code {"type": "text", "text": "..."}} parts joined together. */
  private static String content(JsonValue v, int i) throws ApiError {
    if (v instanceof JsonString s) {
      return s.getString();
    }
    String what = "messages[" + i + "].content must be a string or an array of text parts";
    if (v == null || v.getValueType() != JsonValue.ValueType.ARRAY) {
      throw ApiError.invalid("invalid_content", what);
    }
    JsonArray parts = v.asJsonArray();
    if (parts.size() > MAX_CONTENT_PARTS) {
      throw ApiError.invalid(
          "invalid_content", "at most " + MAX_CONTENT_PARTS + " content parts per message");
    }
    StringBuilder text = new StringBuilder();
    for (JsonValue p : parts) {
      if (p.getValueType() != JsonValue.ValueType.OBJECT) {
        throw ApiError.invalid("invalid_content", what);
      }
      JsonObject part = p.asJsonObject();
      if (!(part.get("type") instanceof JsonString t && t.getString().equals("text"))
          || !(part.get("text") instanceof JsonString s)) {
        throw ApiError.invalid("invalid_content", what + " (text only)");
      }
      text.append(s.getString());
    }
    return text.toString();
  }

  private static int maxTokens(JsonObject root, Limits limits) throws ApiError {
    JsonValue v = root.get("max_completion_tokens");
    String name = "max_completion_tokens";
    if (v == null || v == JsonValue.NULL) {
      v = root.get("max_tokens");
      name = "max_tokens";
    }
    if (v == null || v == JsonValue.NULL) {
      return limits.defaultMaxTokens();
    }
    if (!isInteger(v) || ((JsonNumber) v).bigDecimalValue().signum() <= 0) {
      throw ApiError.invalid("invalid_max_tokens", name + " must be a positive integer");
    }
    BigDecimal n = ((JsonNumber) v).bigDecimalValue();
    if (n.compareTo(BigDecimal.valueOf(limits.maxTokens())) > 0) {
      throw ApiError.invalid("invalid_max_tokens", name + " must be at most " + limits.maxTokens());
    }
    return n.intValueExact();
  }

  private static SamplingParams sampling(JsonObject root) throws ApiError {
    double temperature = number(root, "temperature", 1.0);
    if (!(temperature >= 0 && temperature <= SamplingParams.MAX_TEMPERATURE)) {
      throw ApiError.invalid("invalid_temperature", "temperature must be between 0 and 2");
    }
    double topP = number(root, "top_p", 1.0);
    if (!(topP > 0 && topP <= 1)) {
      throw ApiError.invalid("invalid_top_p", "top_p must be greater than 0 and at most 1");
    }
    long seed;
    JsonValue s = root.get("seed");
    if (s == null || s == JsonValue.NULL) {
      seed = new java.security.SecureRandom().nextLong();
    } else if (isInteger(s)) {
      try {
        seed = ((JsonNumber) s).longValueExact();
      } catch (ArithmeticException e) {
        throw ApiError.invalid("invalid_seed", "seed must be a 64-bit integer");
      }
    } else {
      throw ApiError.invalid("invalid_seed", "seed must be an integer");
    }
    return new SamplingParams(temperature, 0, topP, 0, 1, seed);
  }

  private static List<String> stop(JsonObject root) throws ApiError {
    JsonValue v = root.get("stop");
    if (v == null || v == JsonValue.NULL) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (v instanceof JsonString s) {
      out.add(s.getString());
    } else if (v.getValueType() == JsonValue.ValueType.ARRAY) {
      for (JsonValue e : v.asJsonArray()) {
        if (!(e instanceof JsonString s)) {
          throw ApiError.invalid("invalid_stop", "stop must be a string or an array of strings");
        }
        out.add(s.getString());
      }
    } else {
      throw ApiError.invalid("invalid_stop", "stop must be a string or an array of strings");
    }
    if (out.size() > CompletionRequest.MAX_STOP_STRINGS) {
      throw ApiError.invalid(
          "invalid_stop", "at most " + CompletionRequest.MAX_STOP_STRINGS + " stop strings");
    }
    for (String s : out) {
      if (s.isEmpty() || s.length() > CompletionRequest.MAX_STOP_STRING_CHARS) {
        throw ApiError.invalid(
            "invalid_stop",
            "a stop string must have 1 to "
                + CompletionRequest.MAX_STOP_STRING_CHARS
                + " characters");
      }
    }
    return out;
  }

  private static byte[] nonce(JsonObject root) throws ApiError {
    JsonValue v = root.get("incognito");
    if (v == null || v == JsonValue.NULL) {
      return new byte[0];
    }
    String what = "incognito.nonce must be base64url of at most " + MAX_NONCE_BYTES + " bytes";
    if (v.getValueType() != JsonValue.ValueType.OBJECT) {
      throw ApiError.invalid("invalid_nonce", "incognito must be an object");
    }
    JsonValue n = v.asJsonObject().get("nonce");
    if (n == null || n == JsonValue.NULL) {
      return new byte[0];
    }
    if (!(n instanceof JsonString s) || s.getString().length() > 2 * MAX_NONCE_BYTES) {
      throw ApiError.invalid("invalid_nonce", what);
    }
    byte[] nonce;
    try {
      nonce = Base64.getUrlDecoder().decode(s.getString());
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("invalid_nonce", what);
    }
    if (nonce.length > MAX_NONCE_BYTES) {
      throw ApiError.invalid("invalid_nonce", what);
    }
    return nonce;
  }

  private static String string(JsonObject root, String name, boolean required) throws ApiError {
    JsonValue v = root.get(name);
    if (v instanceof JsonString s) {
      return s.getString();
    }
    if (v == null && !required) {
      return null;
    }
    throw ApiError.invalid("invalid_" + name, name + " must be a string");
  }

  private static double number(JsonObject root, String name, double absent) throws ApiError {
    JsonValue v = root.get(name);
    if (v == null || v == JsonValue.NULL) {
      return absent;
    }
    if (!(v instanceof JsonNumber n)) {
      throw ApiError.invalid("invalid_" + name, name + " must be a number");
    }
    return n.doubleValue();
  }

  private static boolean bool(JsonObject root, String name) throws ApiError {
    JsonValue v = root.get(name);
    if (v == null || v == JsonValue.NULL || v == JsonValue.FALSE) {
      return false;
    }
    if (v == JsonValue.TRUE) {
      return true;
    }
    throw ApiError.invalid("invalid_" + name, name + " must be true or false");
  }

  /**
   * A JSON number with no fractional part ({@code 5}, {@code 5.0}, {@code 5e3}). Never expands the
   * number into a BigInteger: an exponent such as {@code 1e999999} stays cheap.
   */
  private static boolean isInteger(JsonValue v) {
    if (!(v instanceof JsonNumber n)) {
      return false;
    }
    BigDecimal d = n.bigDecimalValue();
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  /** Never prints conversation text. */
  @Override
  public String toString() {
    return "ChatRequest[messages="
        + messages.size()
        + ", maxTokens="
        + maxTokens
        + ", stream="
        + stream
        + "]";
  }
}
