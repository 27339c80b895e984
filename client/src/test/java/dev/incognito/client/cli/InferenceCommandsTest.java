package dev.incognito.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The generate, tokenize and convert commands, run in-process against the shared models. */
class InferenceCommandsTest {

  @TempDir Path tmp;

  /** Greedy "Once upon a time" on stories260K, as llama.cpp decodes it too. */
  static final String STORY = ", there was a little girl named Lily.";

  static Path models() {
    Path p = Path.of(System.getProperty("incognito.shared.dir", "../../shared"), "models");
    assumeTrue(Files.isDirectory(p), "shared models absent");
    return p;
  }

  /** Exit code, standard output and standard error of one run. */
  record Run(int code, String out, String err) {}

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void generate_llama2cCheckpointGreedyTellsTheStory() {
    Path bin = models().resolve("stories260K/stories260K.bin");
    Run r =
        run(
            new GenerateCommand(),
            "--model",
            bin.toString(),
            "--prompt",
            "Once upon a time",
            "--max-tokens",
            "12",
            "--threads",
            "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith(STORY), r.out());
    assertTrue(r.err().contains("length: 5 prompt tokens, 12 generated"), r.err());
  }

  @Test
  void generate_seededSamplingRepeats() {
    Path bin = models().resolve("stories260K/stories260K.bin");
    String[] args = {
      "--model",
      bin.toString(),
      "--prompt",
      "Once upon a time",
      "--max-tokens",
      "24",
      "--temperature",
      "1.0",
      "--seed",
      "7",
      "--threads",
      "1"
    };
    Run a = run(new GenerateCommand(), args);
    Run b = run(new GenerateCommand(), args);
    assertEquals(0, a.code(), a.err());
    assertEquals(a.out(), b.out());
  }

  @Test
  void generate_withoutModelRunsTheDemoAndSaysSo() {
    Run r =
        run(
            new GenerateCommand(),
            "--prompt",
            "Hello",
            "--chat",
            "--max-tokens",
            "8",
            "--threads",
            "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("output is meaningless"), r.err());
    assertTrue(r.err().contains("ModelPath=FILE"), r.err());
  }

  @Test
  void generate_missingModelFailsNamingTheFile() {
    Path missing = tmp.resolve("nope.gguf");
    Run r = run(new GenerateCommand(), "--model", missing.toString(), "--prompt", "x");
    assertEquals(ExitCodes.INTERNAL, r.code());
    assertTrue(r.err().contains(missing.toString()), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void generate_rejectsTemperatureOutOfRange() {
    Run r = run(new GenerateCommand(), "--prompt", "x", "--temperature", "3");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("temperature"), r.err());
  }

  @Test
  void tokenize_llama2cMatchesLlamaCpp() {
    Path bin = models().resolve("stories260K/stories260K.bin");
    // ids from llama.cpp on the GGUF that `convert` writes from this checkpoint
    Run r = tokenize("[\"Once upon a time\"]", "--model", bin.toString(), "--add-special");
    assertEquals(0, r.code(), r.err());
    assertEquals("[[1,403,407,261,378]]", r.out().trim());
  }

  @Test
  void tokenize_huggingFaceFolderWithAndWithoutSpecials() {
    Path folder = models().resolve("tinystories-656k");
    Run r = tokenize("[\"Once upon a time\", \"\"]", "--model", folder.toString(), "--add-special");
    assertEquals(0, r.code(), r.err());
    assertEquals("[[1,80,147,201,282,57],[1]]", r.out().trim());
    Run plain = tokenize("[\"Once upon a time\"]", "--model", folder.toString());
    assertEquals("[[80,147,201,282,57]]", plain.out().trim());
  }

  @Test
  void tokenize_rejectsInputThatIsNotAnArrayOfStrings() {
    Path folder = models().resolve("tinystories-656k");
    Run r = tokenize("[\"ok\", 3]", "--model", folder.toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("JSON array of strings"), r.err());
    assertEquals(ExitCodes.USAGE, tokenize("{\"a\":1}", "--model", folder.toString()).code());
  }

  @Test
  void convert_llama2cToGgufThenTokenizeAndGenerateTheSame() {
    Path bin = models().resolve("stories260K/stories260K.bin");
    Path gguf = tmp.resolve("stories260K.gguf");
    Run c = run(new ConvertCommand(), "--model", bin.toString(), "--output", gguf.toString());
    assertEquals(0, c.code(), c.err());
    Run t = tokenize("[\"Once upon a time\"]", "--model", gguf.toString(), "--add-special");
    assertEquals("[[1,403,407,261,378]]", t.out().trim(), t.err());
    Run g =
        run(
            new GenerateCommand(),
            "--model",
            gguf.toString(),
            "--prompt",
            "Once upon a time",
            "--max-tokens",
            "12",
            "--threads",
            "1");
    assertEquals(0, g.code(), g.err());
    assertTrue(g.out().startsWith(STORY), g.out());
  }

  @Test
  void convert_q8_0StillTellsTheStory() {
    Path folder = models().resolve("tinystories-656k");
    Path gguf = tmp.resolve("t.gguf");
    Run c =
        run(
            new ConvertCommand(),
            "--model",
            folder.toString(),
            "--output",
            gguf.toString(),
            "--type",
            "Q8_0");
    assertEquals(0, c.code(), c.err());
    Run g =
        run(
            new GenerateCommand(),
            "--model",
            gguf.toString(),
            "--prompt",
            "Once upon a time",
            "--max-tokens",
            "8",
            "--threads",
            "1");
    assertEquals(0, g.code(), g.err());
    assertTrue(g.out().contains("Lily"), g.out());
  }

  @Test
  void convert_rejectsUnknownType() {
    Run r = run(new ConvertCommand(), "--model", "x", "--output", "y.gguf", "--type", "q4_k");
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("expected f32 or q8_0"), r.err());
  }

  @Test
  void incognitoCommand_registersTheInferenceCommands() {
    CommandLine root = IncognitoCommand.commandLine();
    for (String name : java.util.List.of("generate", "tokenize", "convert")) {
      assertTrue(root.getSubcommands().containsKey(name), name);
    }
  }

  private Run tokenize(String stdin, String... args) {
    return run(
        new TokenizeCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))),
        args);
  }
}
