package dev.incognito.client.cli;

import dev.incognito.inference.convert.ConversionException;
import dev.incognito.inference.convert.GgufConverter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code incognito convert}: writes a GGUF file that both this engine and llama.cpp can run. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description =
        "Convert a Hugging Face Llama folder or a llama2.c checkpoint to GGUF, with its"
            + " tokenizer.")
public final class ConvertCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "IN",
      description = "A Hugging Face folder or a llama2.c checkpoint")
  Path model;

  @Option(
      names = "--tokenizer",
      paramLabel = "FILE",
      description = "Tokenizer where it is not beside the model (tok512.bin, tokenizer.json)")
  Path tokenizer;

  @Option(names = "--output", required = true, paramLabel = "OUT.gguf", description = "The GGUF")
  Path output;

  @Option(
      names = "--type",
      defaultValue = "f32",
      paramLabel = "TYPE",
      converter = TypeConverter.class,
      description = "f32 (default) or q8_0")
  GgufConverter.Type type;

  /** Accepts {@code f32} and {@code q8_0} in any case. */
  static final class TypeConverter implements ITypeConverter<GgufConverter.Type> {
    @Override
    public GgufConverter.Type convert(String value) {
      try {
        return GgufConverter.Type.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected f32 or q8_0, got '" + value + "'");
      }
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      GgufConverter.convert(
          model,
          Optional.ofNullable(tokenizer),
          output,
          type,
          line -> {
            err.println(line);
            err.flush();
          });
      return ExitCodes.OK;
    } catch (ConversionException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.INTERNAL;
    }
  }
}
