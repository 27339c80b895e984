package dev.incognito.client.ownerfiles;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders only their owner may read ({@code 0600} / {@code 0700} on POSIX file systems),
 * written whole: to a temporary file beside the target, created with those permissions, then moved
 * over the target, so a reader never sees half a file and nobody else ever sees any of it.
 */
public final class OwnerOnlyFiles {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  /** Whether the file system holding {@code p} has POSIX permissions. */
  static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code dir} and its missing parents; {@code dir} itself is owner-only. */
  public static Path folder(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      if (posix(dir)) {
        Files.setPosixFilePermissions(dir, FOLDER);
      }
      return dir;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      if (posix(parent == null ? dir : parent)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FOLDER));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      // made meanwhile by another process
    }
    return dir;
  }

  /** Writes {@code bytes} to {@code target} (replacing it), owner-only. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    FileAttribute<?>[] attrs =
        posix(dir)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, ".incognito-", ".tmp", attrs);
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Whether only the owner may read and write {@code file} (true where there are no POSIX bits).
   */
  public static boolean isOwnerOnly(Path file) throws IOException {
    if (!posix(file)) {
      return true;
    }
    Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
    return p.stream().noneMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"));
  }
}
