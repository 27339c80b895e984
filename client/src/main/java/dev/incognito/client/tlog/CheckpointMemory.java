package dev.incognito.client.tlog;

import dev.incognito.protocol.tlog.Checkpoint;
import dev.incognito.protocol.tlog.ConsistencyProofVerificationException;
import dev.incognito.protocol.tlog.HashReader;
import dev.incognito.protocol.tlog.LogVerificationException;
import dev.incognito.protocol.tlog.NoteVerificationException;
import dev.incognito.protocol.tlog.Proofs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The last checkpoint seen of each log, kept in a directory, so that a log showing this device a
 * history that does not extend what it showed before (a split view) is detected.
 */
public final class CheckpointMemory {

  private final Path dir;

  public CheckpointMemory(Path dir) {
    this.dir = dir;
  }

  /** The last checkpoint remembered for {@code origin}. */
  public Optional<Checkpoint> last(String origin) throws IOException, NoteVerificationException {
    Path file = file(origin);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(Checkpoint.parse(Files.readString(file, StandardCharsets.UTF_8)));
  }

  /**
   * Checks that {@code seen} is consistent with the remembered checkpoint (using the log's tiles at
   * the larger size) and remembers the larger of the two.
   *
   * @throws ConsistencyProofVerificationException naming both checkpoints when they cannot be part
   *     of one history
   */
  public void advance(Checkpoint seen, java.util.function.LongFunction<HashReader> tilesAt)
      throws IOException, LogVerificationException {
    Optional<Checkpoint> previous = last(seen.origin());
    if (previous.isPresent()) {
      Checkpoint old = previous.get();
      Checkpoint small = old.size() <= seen.size() ? old : seen;
      Checkpoint large = old.size() <= seen.size() ? seen : old;
      if (small.size() == 0) {
        remember(large);
        return;
      }
      try {
        Proofs.verifyConsistency(
            small.size(),
            large.size(),
            small.rootHash(),
            large.rootHash(),
            Proofs.consistency(small.size(), large.size(), tilesAt.apply(large.size())));
      } catch (ConsistencyProofVerificationException e) {
        throw new ConsistencyProofVerificationException(
            "split view: the log "
                + seen.origin()
                + " at size "
                + seen.size()
                + " is not consistent with the size "
                + old.size()
                + " it showed before ("
                + e.getMessage()
                + ")");
      }
      if (large != seen) {
        return;
      }
    }
    remember(seen);
  }

  private void remember(Checkpoint checkpoint) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".checkpoint-", ".tmp");
    Files.writeString(tmp, checkpoint.text(), StandardCharsets.UTF_8);
    Files.move(tmp, file(checkpoint.origin()), StandardCopyOption.ATOMIC_MOVE);
  }

  private Path file(String origin) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(origin.getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(h, 0, 12) + ".checkpoint");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
