package dev.incognito.inference.convert;

import java.nio.file.Path;

/** A model cannot be converted: the message names the file and what is wrong with it. */
public class ConversionException extends Exception {

  private static final long serialVersionUID = 1L;

  public ConversionException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public ConversionException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
