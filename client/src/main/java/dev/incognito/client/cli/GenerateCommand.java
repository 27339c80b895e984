package dev.incognito.client.cli;

import dev.incognito.inference.api.ChatMessage;
import dev.incognito.inference.api.Completion;
import dev.incognito.inference.api.CompletionRequest;
import dev.incognito.inference.api.PredictorException;
import dev.incognito.inference.api.SamplingParams;
import dev.incognito.inference.engine.Backend;
import dev.incognito.inference.engine.Engine;
import dev.incognito.inference.engine.EngineOptions;
import dev.incognito.inference.engine.ModelLoadException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incognito generate}: runs a model on this machine and prints the answer as it streams. The
 * text goes to standard output, loading steps and the closing summary to standard error.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Generate text with a model on this machine (no server, nothing leaves it). Without"
            + " --model, runs the built-in demo model, whose output is meaningless.")
public final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description =
          "A GGUF file, a Hugging Face folder, or a llama2.c checkpoint (tokenizer beside it)")
  Path model;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE",
      description = "Tokenizer file where the model carries none (tok512.bin, tokenizer.json)")
  Path tokenizer;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt")
  String prompt;

  @Option(
      names = "--chat",
      description = "Send the prompt as a user message through the model's chat template")
  boolean chat;

  @Option(
      names = "--temperature",
      defaultValue = "0",
      paramLabel = "T",
      description = "0 (greedy, the default) to 2")
  double temperature;

  @Option(
      names = "--max-tokens",
      defaultValue = "256",
      paramLabel = "N",
      description = "Most tokens to generate (default ${DEFAULT-VALUE})")
  int maxTokens;

  @Option(
      names = "--seed",
      defaultValue = "0",
      paramLabel = "S",
      description = "Seed of the sampler, for repeatable runs at temperature > 0")
  long seed;

  @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: every core)")
  Integer threads;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SamplingParams sampling;
    EngineOptions options;
    CompletionRequest request;
    try {
      sampling =
          temperature == 0
              ? SamplingParams.greedy()
              : SamplingParams.temperature(temperature, seed);
      request =
          chat
              ? CompletionRequest.chat(
                  List.of(new ChatMessage(ChatMessage.Role.USER, prompt)), sampling, maxTokens)
              : CompletionRequest.prompt(prompt, sampling, maxTokens);
      EngineOptions d = EngineOptions.defaults();
      options =
          new EngineOptions(
              Optional.ofNullable(model),
              Optional.ofNullable(tokenizer),
              Backend.AUTO,
              threads != null ? threads : d.threads(),
              1,
              d.contextLength(),
              Math.min(maxTokens, d.contextLength()),
              d.contextLength());
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    try (Engine engine = Engine.start(options, line -> progress(err, line))) {
      long t0 = System.nanoTime();
      Completion c =
          engine.complete(
              request,
              piece -> {
                out.print(piece);
                out.flush();
                return !out.checkError();
              });
      double seconds = (System.nanoTime() - t0) / 1e9;
      out.println();
      out.flush();
      progress(
          err,
          String.format(
              Locale.ROOT,
              "%s: %d prompt tokens, %d generated in %.2f s (%.1f tokens/s)",
              c.finishReason().wireName(),
              c.promptTokens(),
              c.completionTokens(),
              seconds,
              c.completionTokens() / Math.max(seconds, 1e-9)));
      return ExitCodes.OK;
    } catch (ModelLoadException e) {
      progress(err, "error: " + e.getMessage());
      return ExitCodes.INTERNAL;
    } catch (PredictorException e) {
      progress(
          err, "error: " + e.getMessage() + " (" + e.kind().name().toLowerCase(Locale.ROOT) + ")");
      return e.kind() == PredictorException.Kind.BAD_REQUEST ? ExitCodes.USAGE : ExitCodes.INTERNAL;
    }
  }

  private static void progress(PrintWriter err, String line) {
    err.println(line);
    err.flush();
  }
}
