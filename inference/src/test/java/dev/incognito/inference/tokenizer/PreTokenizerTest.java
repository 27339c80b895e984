package dev.incognito.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreTokenizerTest {

  @Test
  void smollm_splitsDigitsSinglyThenAsGpt2() {
    PreTokenizer p = PreTokenizer.forGgufPre("smollm").orElseThrow();
    assertEquals(List.of("abc", " ", "1", "2", "3", " def"), p.split("abc 123 def"));
  }

  @Test
  void llama3_groupsDigitsByThreeAndKeepsNewlineRuns() {
    PreTokenizer p = PreTokenizer.forGgufPre("llama-bpe").orElseThrow();
    assertEquals(
        List.of("Hello", " world", "'S", " ", "123", "45", "\n\n", " ", " x"),
        p.split("Hello world'S 12345\n\n  x"));
  }

  @Test
  void split_keepsEveryCharacter() {
    PreTokenizer p = PreTokenizer.forGgufPre("qwen2").orElseThrow();
    String text = "a\u00a0\u3000b\t\r\n 😀 ½ x";
    assertEquals(text, String.join("", p.split(text)));
  }

  @Test
  void translate_makesBackslashSUnicodeWhiteSpace() {
    assertTrue("\u3000".matches(PreTokenizer.translate("\\s")));
    assertTrue("x".matches(PreTokenizer.translate("[^\\s]")));
    assertTrue("x".matches(PreTokenizer.translate("\\S")));
    assertTrue(PreTokenizer.forGgufPre("mystery").isEmpty());
  }
}
