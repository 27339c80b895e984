package dev.incognito.tlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The embedded default store: one file per path under a directory, each written to a temporary
 * file, forced to disk, and renamed atomically over the old one; the directory is forced after the
 * rename.
 */
public final class FileTileStore implements TileStore {

  private static final Pattern PATH =
      Pattern.compile("checkpoint|tile/(entries|[0-9])(/x[0-9]{3})*/[0-9]{3}(\\.p/[0-9]{1,3})?");

  private final Path root;

  public FileTileStore(Path root) throws IOException {
    this.root = Files.createDirectories(root).toRealPath();
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(resolve(path)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void write(String path, byte[] body) throws IOException {
    Path target = resolve(path);
    Path dir = Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(dir, ".write-", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(body);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the log directory " + root + " does not support atomic renames", e);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private Path resolve(String path) {
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("not a log path");
    }
    return root.resolve(path);
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems cannot open directories; the rename is still atomic there.
    }
  }
}
