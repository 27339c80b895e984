package dev.incognito.inference.model;

import java.nio.file.Path;

/** A weight file or folder that cannot be loaded: truncated, malformed, unsupported or hostile. */
public final class ModelFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /**
   * @param file the file (or folder) at fault
   * @param problem what is wrong with it
   */
  public ModelFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public ModelFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file (or folder) at fault. */
  public Path file() {
    return file;
  }
}
