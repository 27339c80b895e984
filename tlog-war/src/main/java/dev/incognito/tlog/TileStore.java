package dev.incognito.tlog;

import java.io.IOException;
import java.util.Optional;

/**
 * Durable storage of the log's tiles, entry bundles and checkpoint, keyed by their tlog-tiles path
 * ({@code tile/0/000.p/8}, {@code tile/entries/000}, {@code checkpoint}). A write is atomic and
 * durable when it returns; a crash leaves either the old or the new body.
 */
public interface TileStore {

  Optional<byte[]> read(String path) throws IOException;

  void write(String path, byte[] body) throws IOException;
}
