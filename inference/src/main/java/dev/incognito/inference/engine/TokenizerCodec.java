package dev.incognito.inference.engine;

import dev.incognito.inference.api.CompletionRequest;
import dev.incognito.inference.template.ChatTemplate;
import dev.incognito.inference.template.TemplateException;
import dev.incognito.inference.tokenizer.Tokenizer;
import java.nio.charset.StandardCharsets;

/** A model's {@link Tokenizer} and {@link ChatTemplate} as the engine uses them. */
final class TokenizerCodec implements PromptCodec {

  private final Tokenizer tokenizer;
  private final ChatTemplate template;
  private final String bosText;
  private final String eosText;

  /**
   * @throws IllegalArgumentException when the model's chat template is too long to use
   */
  TokenizerCodec(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
    this.template = ChatTemplate.of(tokenizer.chatTemplate());
    this.bosText = specialText(tokenizer, tokenizer.bos());
    this.eosText = specialText(tokenizer, tokenizer.eos());
  }

  private static String specialText(Tokenizer t, int id) {
    return id < 0 ? "" : new String(t.tokenBytes(id, true), StandardCharsets.UTF_8);
  }

  Tokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * A chat is rendered with the template and encoded with special tokens recognised; BOS is added
   * as the model's metadata says unless the template already wrote it. A raw prompt is encoded as
   * is, with BOS as the metadata says.
   */
  @Override
  public int[] promptTokens(CompletionRequest request) {
    if (!request.isChat()) {
      return tokenizer.encode(request.prompt(), true);
    }
    String text;
    try {
      text = template.render(request.messages(), true, bosText, eosText);
    } catch (TemplateException e) {
      throw new IllegalArgumentException(
          "the model's chat template cannot render this conversation", e);
    }
    boolean templateWroteBos = !bosText.isEmpty() && text.startsWith(bosText);
    return tokenizer.encode(text, !templateWroteBos);
  }

  @Override
  public byte[] tokenBytes(int token) {
    return tokenizer.tokenBytes(token);
  }

  @Override
  public boolean isEndOfGeneration(int token) {
    return tokenizer.isEndOfGeneration(token);
  }
}
