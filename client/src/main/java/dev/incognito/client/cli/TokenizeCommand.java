package dev.incognito.client.cli;

import dev.incognito.inference.engine.ModelFiles;
import dev.incognito.inference.engine.ModelLoadException;
import dev.incognito.inference.tokenizer.Tokenizer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incognito tokenize}: reads a JSON array of strings on standard input and prints a JSON
 * array with each string's token ids, without loading the model's weights.
 */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description =
        "Tokenize with a model's tokenizer: reads a JSON array of strings on standard input,"
            + " prints a JSON array of token id arrays.")
public final class TokenizeCommand implements Callable<Integer> {

  /** Most bytes read from standard input. */
  static final int MAX_INPUT_BYTES = 16 << 20;

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "FILE",
      description = "A GGUF file, a Hugging Face folder, or a llama2.c checkpoint")
  Path model;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE",
      description = "Tokenizer file where the model carries none")
  Path tokenizer;

  @Option(
      names = "--add-special",
      description = "Add BOS/EOS as the model's tokenizer settings say")
  boolean addSpecial;

  private final InputStream in;

  public TokenizeCommand() {
    this(System.in);
  }

  /** For callers that feed the input themselves. */
  public TokenizeCommand(InputStream in) {
    this.in = in;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JsonArray texts;
    try {
      byte[] bytes = in.readNBytes(MAX_INPUT_BYTES + 1);
      if (bytes.length > MAX_INPUT_BYTES) {
        return fail(err, "standard input is larger than " + MAX_INPUT_BYTES + " bytes", 2);
      }
      try (JsonReader r =
          Json.createReader(
              new InputStreamReader(
                  new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
        texts = r.readArray();
      }
    } catch (IOException | JsonException | IllegalStateException e) {
      return fail(err, "standard input must be a JSON array of strings", ExitCodes.USAGE);
    }
    for (JsonValue v : texts) {
      if (!(v instanceof JsonString)) {
        return fail(err, "standard input must be a JSON array of strings", ExitCodes.USAGE);
      }
    }
    Tokenizer t;
    try {
      t = ModelFiles.tokenizer(model, Optional.ofNullable(tokenizer));
    } catch (ModelLoadException e) {
      return fail(err, e.getMessage(), ExitCodes.INTERNAL);
    }
    JsonArrayBuilder result = Json.createArrayBuilder();
    for (JsonValue v : texts) {
      int[] ids;
      try {
        ids = t.encode(((JsonString) v).getString(), addSpecial);
      } catch (IllegalArgumentException e) {
        return fail(err, e.getMessage(), ExitCodes.USAGE);
      }
      JsonArrayBuilder row = Json.createArrayBuilder();
      for (int id : ids) {
        row.add(id);
      }
      result.add(row);
    }
    out.println(result.build().toString());
    out.flush();
    return ExitCodes.OK;
  }

  private static int fail(PrintWriter err, String message, int code) {
    err.println("error: " + message);
    err.flush();
    return code;
  }
}
