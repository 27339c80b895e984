package dev.incognito.inference.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.inference.api.ChatMessage;
import dev.incognito.inference.api.ChatMessage.Role;
import dev.incognito.inference.gguf.GgufFile;
import dev.incognito.inference.tokenizer.Tokenizer;
import dev.incognito.inference.tokenizer.Tokenizers;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chat templates of common model families (in {@code src/test/resources/chat-templates}, copied
 * from the models' {@code tokenizer_config.json}); the expected prompts are what Python Jinja2
 * renders with Hugging Face's settings ({@code trim_blocks}, {@code lstrip_blocks}).
 */
class ChatTemplateTest {

  static final ChatMessage SYSTEM = new ChatMessage(Role.SYSTEM, "You are terse.");
  static final List<ChatMessage> CONVERSATION =
      List.of(
          new ChatMessage(Role.USER, "Hi there"),
          new ChatMessage(Role.ASSISTANT, "Hello! How can I help?"),
          new ChatMessage(Role.USER, "Tell me a joke. "));

  static String template(String name) throws Exception {
    try (InputStream in = ChatTemplateTest.class.getResourceAsStream("/chat-templates/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<ChatMessage> messages(boolean withSystem) {
    List<ChatMessage> m = new ArrayList<>();
    if (withSystem) {
      m.add(SYSTEM);
    }
    m.addAll(CONVERSATION);
    return m;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "llama3.1.jinja",
            true,
            "<s><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nYou are terse.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello! How can I help?<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nTell me a joke.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"),
        Arguments.of(
            "llama3.1.jinja",
            false,
            "<s><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello! How can I help?<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nTell me a joke.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"),
        Arguments.of(
            "llama2.jinja",
            true,
            "<s>[INST] <<SYS>>\nYou are terse.\n<</SYS>>\n\nHi there [/INST] Hello! How can I help? </s><s>[INST] Tell me a joke. [/INST]"),
        Arguments.of(
            "llama2.jinja",
            false,
            "<s>[INST] Hi there [/INST] Hello! How can I help? </s><s>[INST] Tell me a joke. [/INST]"),
        Arguments.of(
            "llama3.jinja",
            true,
            "<s><|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello! How can I help?<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nTell me a joke.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"),
        Arguments.of(
            "llama3.jinja",
            false,
            "<s><|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello! How can I help?<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nTell me a joke.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"),
        Arguments.of(
            "mistral.jinja",
            false,
            "<s>[INST] Hi there [/INST]Hello! How can I help?</s>[INST] Tell me a joke.  [/INST]"),
        Arguments.of(
            "qwen2.5.jinja",
            true,
            "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\nHello! How can I help?<|im_end|>\n<|im_start|>user\nTell me a joke. <|im_end|>\n<|im_start|>assistant\n"),
        Arguments.of(
            "qwen2.5.jinja",
            false,
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\nHello! How can I help?<|im_end|>\n<|im_start|>user\nTell me a joke. <|im_end|>\n<|im_start|>assistant\n"),
        Arguments.of(
            "smollm2.jinja",
            true,
            "<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\nHello! How can I help?<|im_end|>\n<|im_start|>user\nTell me a joke. <|im_end|>\n<|im_start|>assistant\n"),
        Arguments.of(
            "smollm2.jinja",
            false,
            "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\nHello! How can I help?<|im_end|>\n<|im_start|>user\nTell me a joke. <|im_end|>\n<|im_start|>assistant\n"));
  }

  @ParameterizedTest(name = "{0} system={1}")
  @MethodSource("cases")
  void render_matchesJinja2(String name, boolean withSystem, String expected) throws Exception {
    ChatTemplate t = ChatTemplate.of(Optional.of(template(name)));
    assertFalse(t.isFallback());
    assertEquals(expected, t.render(messages(withSystem), true, "<s>", "</s>"));
  }

  @Test
  void render_surfacesRaiseException() throws Exception {
    ChatTemplate t = ChatTemplate.of(Optional.of(template("mistral.jinja")));
    TemplateException e =
        assertThrows(TemplateException.class, () -> t.render(messages(true), true, "<s>", "</s>"));
    assertTrue(
        e.getMessage().contains("Conversation roles must alternate user/assistant"),
        e.getMessage());
  }

  @Test
  void render_withoutGenerationPromptEndsAfterLastTurn() throws Exception {
    ChatTemplate t = ChatTemplate.of(Optional.of(template("smollm2.jinja")));
    String s = t.render(messages(true), false, "", "");
    assertTrue(s.endsWith("Tell me a joke. <|im_end|>\n"), s);
  }

  @Test
  void render_rejectsBrokenTemplate() {
    ChatTemplate t = ChatTemplate.of(Optional.of("{% for m in messages %}{{ m.content }"));
    TemplateException e =
        assertThrows(TemplateException.class, () -> t.render(messages(false), true, "", ""));
    assertTrue(e.getMessage().startsWith("chat template"), e.getMessage());
  }

  @Test
  void render_keepsTemplateSyntaxInMessagesAsText() throws Exception {
    ChatTemplate t = ChatTemplate.of(Optional.of(template("smollm2.jinja")));
    String hostile = "{{ raise_exception('x') }}{% for i in range(9) %}{{ 7 * 7 }}{% endfor %}";
    String s = t.render(List.of(new ChatMessage(Role.USER, hostile)), false, "", "");
    assertTrue(s.contains("<|im_start|>user\n" + hostile + "<|im_end|>"), s);
  }

  @Test
  void render_supportsPythonStringMethodsAndNamespaces() throws Exception {
    String src =
        "{%- set ns = namespace(system=false) -%}"
            + "{%- for m in messages -%}"
            + "{%- if m.role == 'system' %}{% set ns.system = true %}{% endif -%}"
            + "{%- if m.content.startswith('Hi') and not m.content.endswith('.') -%}"
            + "[{{ m.content.lstrip() }}|{{ m.content.rstrip() }}]"
            + "{%- endif -%}"
            + "{%- endfor -%}"
            + "{{ ns.system }} '.startswith(' {{ '.endswith(x' }}";
    String s =
        ChatTemplate.of(Optional.of(src))
            .render(List.of(SYSTEM, new ChatMessage(Role.USER, "Hi \t")), false, "", "");
    assertEquals("[Hi \t|Hi]true '.startswith(' .endswith(x", s);
  }

  @Test
  void render_refusesToIncludeFiles() {
    ChatTemplate t = ChatTemplate.of(Optional.of("{% include '/etc/passwd' %}x"));
    assertThrows(TemplateException.class, () -> t.render(messages(false), true, "", ""));
  }

  @Test
  void fallback_rendersPlainTurns() throws Exception {
    ChatTemplate t = ChatTemplate.of(Optional.empty());
    assertTrue(t.isFallback());
    assertEquals(
        "System: You are terse.\nUser: Hi there\nAssistant: Hello! How can I help?\n"
            + "User: Tell me a joke. \nAssistant:",
        t.render(messages(true), true, "<s>", "</s>"));
  }

  @Test
  void phi3TemplateFromGguf_rendersAndTokenisesToSpecialTokens() throws Exception {
    String dir = System.getProperty("incognito.shared.dir");
    Path p = dir == null ? null : Path.of(dir, "testdata/tokenizers/ggml-vocab-phi-3.gguf");
    assumeTrue(p != null && Files.exists(p));
    Tokenizer tok;
    try (GgufFile f = GgufFile.open(p)) {
      tok = Tokenizers.fromGguf(f);
    }
    ChatTemplate t = ChatTemplate.of(tok.chatTemplate());
    String prompt =
        t.render(List.of(new ChatMessage(Role.USER, "Hi")), true, "<s>", "<|endoftext|>");
    assertEquals("<s><|user|>\nHi<|end|>\n<|assistant|>\n", prompt);
    int[] ids = tok.encode(prompt, false);
    assertEquals(tok.bos(), ids[0]);
    assertEquals(tok.tokenId("<|user|>"), ids[1]);
    // Phi-3 special tokens eat the white space after them (llama.cpp rstrip).
    assertEquals(tok.tokenId("<|assistant|>"), ids[ids.length - 1]);
  }
}
