package dev.incognito.inference.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.incognito.inference.api.ChatMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders a conversation into a prompt with the model's own Jinja chat template ({@code
 * tokenizer.chat_template} in GGUF, {@code chat_template} in {@code tokenizer_config.json}), as
 * Hugging Face's {@code apply_chat_template} does: Jinja with {@code trim_blocks} and {@code
 * lstrip_blocks}, variables {@code messages} (a list of maps with {@code role} and {@code
 * content}), {@code add_generation_prompt}, {@code bos_token}, {@code eos_token}, and the functions
 * {@code raise_exception(message)} and {@code strftime_now(format)}; {@code tools} and other
 * variables are undefined.
 *
 * <p>A model without a template gets the plain {@linkplain #fallback() fallback}: one line per
 * message, {@code "System: …\n"}, {@code "User: …\n"}, {@code "Assistant: …\n"}, and {@code
 * "Assistant:"} when a generation prompt is asked for.
 *
 * <p>Templates usually write {@code bos_token} themselves where the model wants it; encode a
 * rendered prompt without adding special tokens, except the fallback's, which holds none.
 */
public final class ChatTemplate {

  /** Longest template accepted (chars). */
  public static final int MAX_TEMPLATE_CHARS = 1 << 20;

  /** Longest rendered prompt (chars). */
  public static final long MAX_OUTPUT_CHARS = 16L << 20;

  private static final int MAX_RENDER_DEPTH = 32;
  private static final int MAX_LIST_SIZE = 1 << 16;

  private static final ChatTemplate FALLBACK = new ChatTemplate(null);

  private final String source; // null for the fallback
  private final String prepared; // source with Jinja whitespace control applied
  private final Jinjava jinjava;

  private ChatTemplate(String source) {
    this.source = source;
    this.prepared = source == null ? null : pythonMethods(applyWhitespaceControl(source));
    this.jinjava = source == null ? null : newJinjava();
  }

  /** Python string methods templates call, and the Java methods that do the same. */
  private static final String[][] PYTHON_METHODS = {
    {".startswith(", ".startsWith("},
    {".endswith(", ".endsWith("},
    {".lstrip()", ".stripLeading()"},
    {".rstrip()", ".stripTrailing()"},
  };

  /**
   * Rewrites the Python string methods of {@link #PYTHON_METHODS} inside tags (outside string
   * literals) to their Java equivalents, which is what the template engine can call. One linear
   * pass.
   */
  static String pythonMethods(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean inTag = false;
    char quote = 0;
    int i = 0;
    outer:
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!inTag) {
        if (c == '{' && i + 1 < s.length() && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '%')) {
          inTag = true;
          b.append(c).append(s.charAt(i + 1));
          i += 2;
          continue;
        }
      } else if (quote != 0) {
        if (c == '\\' && i + 1 < s.length()) {
          b.append(c).append(s.charAt(i + 1));
          i += 2;
          continue;
        }
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if ((c == '}' || c == '%') && i + 1 < s.length() && s.charAt(i + 1) == '}') {
        inTag = false;
        b.append(c).append('}');
        i += 2;
        continue;
      } else if (c == '.') {
        for (String[] m : PYTHON_METHODS) {
          if (s.startsWith(m[0], i)) {
            b.append(m[1]);
            i += m[0].length();
            continue outer;
          }
        }
      }
      b.append(c);
      i++;
    }
    return b.toString();
  }

  /**
   * Applies Jinja's whitespace control to the source and drops the dashes, because the template
   * engine honours them inconsistently: a dash just inside the opening braces of an expression,
   * statement or comment tag strips the white space before the tag, one just inside the closing
   * braces the white space after it. One linear pass.
   */
  static String applyWhitespaceControl(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '{'
          && i + 2 < s.length()
          && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '%' || s.charAt(i + 1) == '#')
          && s.charAt(i + 2) == '-') {
        int end = b.length();
        while (end > 0 && Character.isWhitespace(b.charAt(end - 1))) {
          end--;
        }
        b.setLength(end);
        b.append(c).append(s.charAt(i + 1)).append(' ');
        i += 3;
      } else if (c == '-'
          && i + 2 < s.length()
          && (s.charAt(i + 1) == '}' || s.charAt(i + 1) == '%' || s.charAt(i + 1) == '#')
          && s.charAt(i + 2) == '}') {
        b.append(' ').append(s.charAt(i + 1)).append('}');
        i += 3;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  /**
   * The template, or the fallback when the model has none.
   *
   * @throws IllegalArgumentException for a template longer than {@link #MAX_TEMPLATE_CHARS}
   */
  public static ChatTemplate of(Optional<String> template) {
    if (template.isEmpty() || template.get().isBlank()) {
      return FALLBACK;
    }
    if (template.get().length() > MAX_TEMPLATE_CHARS) {
      throw new IllegalArgumentException(
          "chat template of " + template.get().length() + " chars exceeds " + MAX_TEMPLATE_CHARS);
    }
    return new ChatTemplate(template.get());
  }

  /** The plain template used where a model ships none. */
  public static ChatTemplate fallback() {
    return FALLBACK;
  }

  /** Whether this is the plain fallback. */
  public boolean isFallback() {
    return source == null;
  }

  /** The Jinja source, empty for the fallback. */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }

  private static Jinjava newJinjava() {
    JinjavaConfig config =
        JinjavaConfig.newBuilder()
            .withTrimBlocks(true)
            .withLstripBlocks(true)
            .withFailOnUnknownTokens(false)
            .withMaxOutputSize(MAX_OUTPUT_CHARS)
            .withMaxRenderDepth(MAX_RENDER_DEPTH)
            .withMaxListSize(MAX_LIST_SIZE)
            .withMaxMapSize(MAX_LIST_SIZE)
            .withEnableRecursiveMacroCalls(false)
            .withNestedInterpretationEnabled(false)
            .build();
    Jinjava j = new Jinjava(config);
    // No {% include %} or {% import %}: a template sees nothing but its variables.
    j.setResourceLocator(
        (name, charset, interpreter) -> {
          throw new IOException("templates may not load other files");
        });
    j.registerFunction(
        new ELFunctionDefinition(
            "", "raise_exception", TemplateFunctions.class, "raiseException", Object.class));
    j.registerFunction(
        new ELFunctionDefinition(
            "", "strftime_now", TemplateFunctions.class, "strftimeNow", String.class));
    return j;
  }

  /**
   * Renders the conversation.
   *
   * @param addGenerationPrompt end with the header of an assistant turn, for the model to continue
   * @param bos the model's BOS text (e.g. {@code <s>}), or "" if it has none
   * @param eos the model's EOS text, or ""
   * @throws TemplateException if the template does not parse, fails while rendering, or rejects the
   *     conversation through {@code raise_exception}
   */
  public String render(
      List<ChatMessage> messages, boolean addGenerationPrompt, String bos, String eos)
      throws TemplateException {
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(bos, "bos");
    Objects.requireNonNull(eos, "eos");
    if (source == null) {
      return renderFallback(messages, addGenerationPrompt);
    }
    List<Map<String, Object>> msgs = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("role", m.role().wireName());
      map.put("content", m.content());
      msgs.add(map);
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("messages", msgs);
    vars.put("add_generation_prompt", addGenerationPrompt);
    vars.put("bos_token", bos);
    vars.put("eos_token", eos);
    RenderResult result;
    try {
      result = jinjava.renderForResult(prepared, vars);
    } catch (TemplateFunctions.Raised e) {
      throw new TemplateException("chat template raised: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new TemplateException("chat template failed: " + e.getMessage(), e);
    }
    for (TemplateError err : result.getErrors()) {
      TemplateFunctions.Raised raised = raisedIn(err.getException());
      if (raised != null) {
        throw new TemplateException("chat template raised: " + raised.getMessage(), raised);
      }
    }
    for (TemplateError err : result.getErrors()) {
      if (err.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw new TemplateException(
            "chat template error at line " + err.getLineno() + ": " + err.getMessage(),
            err.getException());
      }
    }
    return result.getOutput();
  }

  private static TemplateFunctions.Raised raisedIn(Throwable t) {
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof TemplateFunctions.Raised r) {
        return r;
      }
    }
    return null;
  }

  private static String renderFallback(List<ChatMessage> messages, boolean addGenerationPrompt) {
    StringBuilder b = new StringBuilder();
    for (ChatMessage m : messages) {
      String label =
          switch (m.role()) {
            case SYSTEM -> "System";
            case USER -> "User";
            case ASSISTANT -> "Assistant";
          };
      b.append(label).append(": ").append(m.content()).append('\n');
    }
    if (addGenerationPrompt) {
      b.append("Assistant:");
    }
    return b.toString();
  }
}
