package dev.incognito.coordinator.chat;

import dev.incognito.inference.api.ModelInfo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;

/**
 * The response bodies of the inner API, OpenAI-compatible: a chat completion, the chunks of a
 * streamed one (server-sent events, {@code data: {...}\n\n}, ending with {@code data: [DONE]}), and
 * the model list.
 */
public final class ChatResponses {

  /** The end-of-stream event. */
  public static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  /** Media type of a streamed answer. */
  public static final String EVENT_STREAM = "text/event-stream";

  /** Media type of every other answer. */
  public static final String JSON = "application/json";

  private ChatResponses() {}

  /**
   * A whole chat completion.
   *
   * @param id the completion id ({@code chatcmpl-…})
   * @param created Unix seconds
   * @param finishReason OpenAI's {@code finish_reason} ({@code stop}, {@code length}, {@code
   *     content_filter})
   * @param incognito the Incognito metadata object
   */
  public static byte[] completion(
      String id,
      long created,
      ModelInfo model,
      String content,
      String finishReason,
      int promptTokens,
      int completionTokens,
      JsonObject incognito) {
    return Json.createObjectBuilder()
        .add("id", id)
        .add("object", "chat.completion")
        .add("created", created)
        .add("model", model.id())
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
                                .add("content", content))
                        .add("finish_reason", finishReason)))
        .add("usage", usage(promptTokens, completionTokens))
        .add("incognito", incognito)
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** One streamed event carrying a piece of the answer (the first also names the role). */
  public static byte[] delta(
      String id, long created, ModelInfo model, String piece, boolean first) {
    JsonObjectBuilder delta = Json.createObjectBuilder();
    if (first) {
      delta.add("role", "assistant");
    }
    delta.add("content", piece);
    return event(
        chunk(id, created, model)
            .add(
                "choices",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("index", 0)
                            .add("delta", delta)
                            .addNull("finish_reason")))
            .build());
  }

  /** The last streamed event before {@link #DONE}: finish reason, usage and Incognito metadata. */
  public static byte[] finish(
      String id,
      long created,
      ModelInfo model,
      String finishReason,
      int promptTokens,
      int completionTokens,
      JsonObject incognito) {
    return event(
        chunk(id, created, model)
            .add(
                "choices",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("index", 0)
                            .add("delta", Json.createObjectBuilder())
                            .add("finish_reason", finishReason)))
            .add("usage", usage(promptTokens, completionTokens))
            .add("incognito", incognito)
            .build());
  }

  /** {@code GET /v1/models}: the one model served. */
  public static byte[] models(ModelInfo model, long created) {
    return Json.createObjectBuilder()
        .add("object", "list")
        .add(
            "data",
            Json.createArrayBuilder()
                .add(
                    Json.createObjectBuilder()
                        .add("id", model.id())
                        .add("object", "model")
                        .add("created", created)
                        .add("owned_by", "incognito")
                        .add("incognito", metadata(model).build())))
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The Incognito metadata every answer carries: demo flag and notice, weights digest, backend. */
  public static JsonObjectBuilder metadata(ModelInfo model) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("demo", model.demo())
            .add("model_sha256", model.weightsSha256())
            .add("backend", model.backend());
    if (!model.notice().isEmpty()) {
      b.add("notice", model.notice());
    }
    return b;
  }

  private static JsonObjectBuilder chunk(String id, long created, ModelInfo model) {
    return Json.createObjectBuilder()
        .add("id", id)
        .add("object", "chat.completion.chunk")
        .add("created", created)
        .add("model", model.id());
  }

  private static JsonObjectBuilder usage(int prompt, int completion) {
    return Json.createObjectBuilder()
        .add("prompt_tokens", prompt)
        .add("completion_tokens", completion)
        .add("total_tokens", prompt + completion);
  }

  private static byte[] event(JsonObject data) {
    return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}
