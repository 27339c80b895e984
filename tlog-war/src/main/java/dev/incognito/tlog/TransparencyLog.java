package dev.incognito.tlog;

import static dev.incognito.protocol.tlog.TilePaths.TILE_HEIGHT;
import static dev.incognito.protocol.tlog.TilePaths.TILE_WIDTH;

import dev.incognito.protocol.tlog.Checkpoint;
import dev.incognito.protocol.tlog.LogVerificationException;
import dev.incognito.protocol.tlog.MerkleHashes;
import dev.incognito.protocol.tlog.NoteKeys;
import dev.incognito.protocol.tlog.NoteVerifiers;
import dev.incognito.protocol.tlog.Proofs;
import dev.incognito.protocol.tlog.SignedNote;
import dev.incognito.protocol.tlog.TileHashReader;
import dev.incognito.protocol.tlog.TilePaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

/**
 * An append-only Merkle log over a {@link TileStore}. Appends are sequenced in batches (group
 * commit): whichever caller takes the integration lock integrates everything queued, writes the
 * changed tiles, then the signed checkpoint last, and only then are the callers acknowledged — an
 * acknowledged entry is in a durable checkpoint, and a crash before the checkpoint write leaves the
 * previous checkpoint, whose tiles are untouched (tile paths carry their width).
 */
public final class TransparencyLog {

  /** Largest entry: bundles prefix each entry with a 16-bit length. */
  public static final int MAX_ENTRY_BYTES = 0xFFFF;

  /** Most entries integrated in one batch. */
  public static final int MAX_BATCH = 4096;

  private final TileStore store;
  private final NoteKeys.Signer signer;
  private final Object integration = new Object();
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private volatile Published published;

  /** A checkpoint and its signed note, published together. */
  public record Published(Checkpoint checkpoint, byte[] note) {
    @Override
    public byte[] note() {
      return note.clone();
    }
  }

  private record Pending(byte[] entry, CompletableFuture<Long> index) {}

  private TransparencyLog(TileStore store, NoteKeys.Signer signer) {
    this.store = store;
    this.signer = signer;
  }

  /**
   * Opens the log in {@code store}, signing as {@code signer} (whose name is the origin); an empty
   * store gets a signed checkpoint of the empty tree.
   */
  public static TransparencyLog open(TileStore store, NoteKeys.Signer signer)
      throws IOException, LogVerificationException {
    TransparencyLog log = new TransparencyLog(store, signer);
    Optional<byte[]> stored = store.read("checkpoint");
    if (stored.isPresent()) {
      SignedNote note = SignedNote.parse(stored.get());
      NoteVerifiers.verify(note, List.of(NoteKeys.parseVerifier(signer.verifierKey())));
      log.published = new Published(Checkpoint.parse(note.text()), stored.get());
    } else {
      log.publish(new Checkpoint(signer.name(), 0, MerkleHashes.emptyRoot(), List.of()));
    }
    return log;
  }

  /** The latest checkpoint. */
  public Checkpoint checkpoint() {
    return published.checkpoint();
  }

  /** The latest checkpoint as a signed note. */
  public byte[] signedCheckpoint() {
    return published.note();
  }

  /** The latest checkpoint with its signed note, read together. */
  public Published published() {
    return published;
  }

  /** The log's verifier key. */
  public String verifierKey() {
    return signer.verifierKey();
  }

  /** Reads a tile, entry bundle or the checkpoint by path. */
  public Optional<byte[]> read(String path) throws IOException {
    return store.read(path);
  }

  /**
   * Appends one entry and returns its index once a checkpoint that includes it is durable.
   * Concurrent callers share one batch.
   */
  public long append(byte[] entry) throws IOException {
    return appendAll(List.of(entry)).get(0);
  }

  /** Appends entries in order and returns their indices once a checkpoint includes them all. */
  public List<Long> appendAll(List<byte[]> entries) throws IOException {
    List<Pending> mine = new ArrayList<>(entries.size());
    for (byte[] entry : entries) {
      if (entry.length == 0 || entry.length > MAX_ENTRY_BYTES) {
        throw new IllegalArgumentException(
            "entry is " + entry.length + " bytes; it must be 1.." + MAX_ENTRY_BYTES);
      }
      mine.add(new Pending(entry.clone(), new CompletableFuture<>()));
    }
    synchronized (queue) { // one caller's entries stay consecutive
      queue.addAll(mine);
    }
    synchronized (integration) {
      if (!mine.get(mine.size() - 1).index.isDone()) {
        integrateQueued();
      }
    }
    List<Long> indices = new ArrayList<>(mine.size());
    try {
      for (Pending p : mine) {
        indices.add(p.index.get());
      }
      return indices;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while appending");
    } catch (ExecutionException e) {
      throw new IOException("the batch holding this entry was not integrated", e.getCause());
    }
  }

  private void integrateQueued() {
    while (!queue.isEmpty()) {
      List<Pending> batch = new ArrayList<>();
      for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
        batch.add(p);
      }
      try {
        long first = integrate(batch.stream().map(Pending::entry).toList());
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).index.complete(first + i);
        }
      } catch (IOException | RuntimeException e) {
        batch.forEach(p -> p.index.completeExceptionally(e));
      }
    }
  }

  // Writes the tiles changed by appending entries, then the checkpoint; returns the first index.
  private long integrate(List<byte[]> entries) throws IOException {
    long oldSize = published.checkpoint().size();
    long newSize = oldSize + entries.size();
    Map<String, byte[]> written = new HashMap<>();
    List<byte[]> leafHashes = new ArrayList<>(entries.size());
    List<byte[]> bundled = new ArrayList<>(entries.size());
    for (byte[] e : entries) {
      leafHashes.add(MerkleHashes.leafHash(e));
      ByteArrayOutputStream b = new ByteArrayOutputStream(e.length + 2);
      b.write(e.length >>> 8);
      b.write(e.length);
      b.writeBytes(e);
      bundled.add(b.toByteArray());
    }
    extend(-1, oldSize, bundled, newSize, written);
    List<byte[]> added = leafHashes;
    for (int level = 0; !added.isEmpty(); level++) {
      long oldCount = oldSize >>> (TILE_HEIGHT * level);
      extend(level, oldSize, added, newSize, written);
      // The hashes gained one tile level up are the roots of tiles that just became full.
      long newCount = newSize >>> (TILE_HEIGHT * level);
      List<byte[]> up = new ArrayList<>();
      for (long t = oldCount / TILE_WIDTH; t < newCount / TILE_WIDTH; t++) {
        byte[] tile = written.get(new TilePaths.Tile(level, t, TILE_WIDTH).path());
        up.add(MerkleHashes.rootOfHashes(tile, 0, TILE_WIDTH));
      }
      added = up;
    }
    byte[] root =
        Proofs.rootHash(
            newSize,
            new TileHashReader(
                newSize,
                path -> {
                  byte[] b = written.get(path);
                  return b != null ? b : store.read(path).orElse(null);
                }));
    publish(new Checkpoint(signer.name(), newSize, root, List.of()));
    return oldSize;
  }

  /**
   * Appends {@code items} (hashes, or length-prefixed entries at level -1) to the tiles of {@code
   * level}, starting from the partial tile of the old tree.
   */
  private void extend(
      int level, long oldSize, List<byte[]> items, long newSize, Map<String, byte[]> written)
      throws IOException {
    int shift = level < 0 ? 0 : TILE_HEIGHT * level;
    long oldCount = oldSize >>> shift;
    long tile = oldCount / TILE_WIDTH;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int width = (int) (oldCount % TILE_WIDTH);
    if (width > 0) {
      String path = new TilePaths.Tile(level, tile, width).path();
      body.writeBytes(
          store
              .read(path)
              .orElseThrow(
                  () -> new IOException("tile " + path + " of the checkpointed tree is missing")));
    }
    for (byte[] item : items) {
      body.writeBytes(item);
      if (++width == TILE_WIDTH) {
        put(new TilePaths.Tile(level, tile, width), body, written);
        body.reset();
        width = 0;
        tile++;
      }
    }
    if (width > 0) {
      put(new TilePaths.Tile(level, tile, width), body, written);
    }
  }

  private void put(TilePaths.Tile tile, ByteArrayOutputStream body, Map<String, byte[]> written)
      throws IOException {
    byte[] bytes = body.toByteArray();
    store.write(tile.path(), bytes);
    written.put(tile.path(), bytes);
  }

  private void publish(Checkpoint next) throws IOException {
    String text = next.text();
    byte[] note = new SignedNote(text, List.of(signer.sign(text))).encode();
    store.write("checkpoint", note);
    published = new Published(next, note);
  }

  /** The checkpoint text, for logs and tests. */
  @Override
  public String toString() {
    return new String(published.note, StandardCharsets.UTF_8);
  }
}
