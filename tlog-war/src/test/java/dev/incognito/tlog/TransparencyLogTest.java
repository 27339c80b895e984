package dev.incognito.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.tlog.Checkpoint;
import dev.incognito.protocol.tlog.MerkleHashes;
import dev.incognito.protocol.tlog.NoteKeys;
import dev.incognito.protocol.tlog.NoteVerifiers;
import dev.incognito.protocol.tlog.Proofs;
import dev.incognito.protocol.tlog.SignedNote;
import dev.incognito.protocol.tlog.TileHashReader;
import dev.incognito.protocol.tlog.TilePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransparencyLogTest {

  @TempDir Path dir;

  private final NoteKeys.Signer signer = NoteKeys.Signer.generate("test.example/log");

  private static byte[] entry(int i) {
    return ("release entry " + i).getBytes(StandardCharsets.UTF_8);
  }

  private static List<byte[]> entries(int from, int to) {
    List<byte[]> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(entry(i));
    }
    return out;
  }

  /** Checks the log's checkpoint signature and every entry's inclusion, reading only tiles. */
  private void checkAgainstTiles(TransparencyLog log, int expectedSize) throws Exception {
    SignedNote note = SignedNote.parse(log.signedCheckpoint());
    NoteVerifiers.verify(note, List.of(NoteKeys.parseVerifier(signer.verifierKey())));
    Checkpoint c = Checkpoint.parse(note.text());
    assertEquals(expectedSize, c.size());
    TileHashReader tiles = new TileHashReader(c.size(), p -> log.read(p).orElse(null));
    assertArrayEquals(c.rootHash(), Proofs.rootHash(c.size(), tiles));
    for (int i = 0; i < expectedSize; i += Math.max(1, expectedSize / 97)) {
      Proofs.verifyInclusion(
          i,
          c.size(),
          MerkleHashes.leafHash(entry(i)),
          Proofs.inclusion(i, c.size(), tiles),
          c.rootHash());
      TilePaths.Tile bundle = TilePaths.entryBundle(i / 256, c.size());
      byte[] body = log.read(bundle.path()).orElseThrow();
      assertTrue(containsEntry(body, i % 256, entry(i)), "entry " + i + " in " + bundle.path());
    }
  }

  private static boolean containsEntry(byte[] bundle, int position, byte[] expected) {
    int at = 0;
    for (int k = 0; k < position; k++) {
      at += 2 + (((bundle[at] & 0xff) << 8) | (bundle[at + 1] & 0xff));
    }
    int len = ((bundle[at] & 0xff) << 8) | (bundle[at + 1] & 0xff);
    return Arrays.equals(Arrays.copyOfRange(bundle, at + 2, at + 2 + len), expected);
  }

  @Test
  void append_acrossTileBoundaries_servesProofsFromTiles() throws Exception {
    TransparencyLog log = TransparencyLog.open(new FileTileStore(dir), signer);
    checkAgainstTiles(log, 0);
    int n = 0;
    for (int batch : new int[] {1, 7, 248, 1, 255, 600}) {
      List<byte[]> entries = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        entries.add(entry(n + i));
      }
      assertEquals(List.of((long) n), log.appendAll(entries).subList(0, 1));
      n += batch;
      checkAgainstTiles(log, n);
    }
  }

  @Test
  void consistency_holdsBetweenEveryCheckpointThroughTiles() throws Exception {
    TransparencyLog log = TransparencyLog.open(new FileTileStore(dir), signer);
    List<Checkpoint> seen = new ArrayList<>();
    for (int i = 0; i < 530; i += 53) {
      List<byte[]> batch = new ArrayList<>();
      for (int k = i; k < i + 53; k++) {
        batch.add(entry(k));
      }
      log.appendAll(batch);
      seen.add(log.checkpoint());
    }
    Checkpoint last = log.checkpoint();
    TileHashReader tiles = new TileHashReader(last.size(), p -> log.read(p).orElse(null));
    for (Checkpoint old : seen) {
      Proofs.verifyConsistency(
          old.size(),
          last.size(),
          old.rootHash(),
          last.rootHash(),
          Proofs.consistency(old.size(), last.size(), tiles));
    }
  }

  @Test
  void reopen_keepsEveryAcknowledgedEntry() throws Exception {
    TransparencyLog log = TransparencyLog.open(new FileTileStore(dir), signer);
    log.appendAll(entries(0, 300));
    TransparencyLog reopened = TransparencyLog.open(new FileTileStore(dir), signer);
    assertArrayEquals(log.signedCheckpoint(), reopened.signedCheckpoint());
    reopened.append(entry(300));
    reopened.appendAll(entries(301, 520));
    checkAgainstTiles(reopened, 520);
  }

  @Test
  void crashBeforeCheckpoint_leavesPreviousTreeIntactAndLogContinues() throws Exception {
    FileTileStore files = new FileTileStore(dir);
    TransparencyLog log = TransparencyLog.open(files, signer);
    log.appendAll(entries(0, 250));
    // A store that dies when the checkpoint is written: the tiles of the batch are on disk.
    TileStore dying =
        new TileStore() {
          @Override
          public Optional<byte[]> read(String path) throws IOException {
            return files.read(path);
          }

          @Override
          public void write(String path, byte[] body) throws IOException {
            if (path.equals("checkpoint")) {
              throw new IOException("power lost");
            }
            files.write(path, body);
          }
        };
    TransparencyLog crashing = TransparencyLog.open(dying, signer);
    assertThrows(IOException.class, () -> crashing.append(entry(9999)));
    TransparencyLog recovered = TransparencyLog.open(new FileTileStore(dir), signer);
    checkAgainstTiles(recovered, 250);
    recovered.appendAll(entries(250, 700));
    checkAgainstTiles(recovered, 700);
  }

  @Test
  void concurrentAppends_areBatchedAndEachGetsItsOwnIndex() throws Exception {
    TransparencyLog log = TransparencyLog.open(new FileTileStore(dir), signer);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> indices = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        byte[] e = ("concurrent " + i).getBytes(StandardCharsets.UTF_8);
        indices.add(pool.submit(() -> log.append(e)));
      }
      long[] got = new long[400];
      for (int i = 0; i < 400; i++) {
        got[i] = indices.get(i).get();
      }
      Arrays.sort(got);
      for (int i = 0; i < 400; i++) {
        assertEquals(i, got[i]);
      }
      assertEquals(400, log.checkpoint().size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void open_rejectsCheckpointSignedByAnotherKey() throws Exception {
    TransparencyLog.open(new FileTileStore(dir), signer).append(entry(0));
    NoteKeys.Signer other = NoteKeys.Signer.generate("test.example/log");
    assertThrows(
        dev.incognito.protocol.tlog.LogVerificationException.class,
        () -> TransparencyLog.open(new FileTileStore(dir), other));
  }

  @Test
  void append_rejectsEmptyAndOversizedEntries() throws Exception {
    TransparencyLog log = TransparencyLog.open(new FileTileStore(dir), signer);
    assertThrows(IllegalArgumentException.class, () -> log.append(new byte[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> log.append(new byte[TransparencyLog.MAX_ENTRY_BYTES + 1]));
    assertEquals(0, log.checkpoint().size());
  }

  @Test
  void fileStore_rejectsPathsOutsideTheLayout() throws Exception {
    FileTileStore files = new FileTileStore(dir);
    for (String bad : List.of("../x", "tile/0/../../etc", "/etc/passwd", "tile/0/000/", "")) {
      assertThrows(IllegalArgumentException.class, () -> files.read(bad), bad);
    }
  }
}
