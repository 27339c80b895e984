package dev.incognito.tlog;

import dev.incognito.protocol.tlog.LogVerificationException;
import dev.incognito.protocol.tlog.NoteKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens the log from MicroProfile Config at start: its directory, origin and signing key. */
@ApplicationScoped
public class LogHolder {

  private static final Logger LOG = Logger.getLogger(LogHolder.class.getName());

  @Inject
  @ConfigProperty(name = "incognito.tlog.dir")
  Optional<String> dir; // empty: <domain>/config/incognito/tlog

  @Inject
  @ConfigProperty(name = "incognito.tlog.origin", defaultValue = "incognito.local/tlog")
  String origin;

  @Inject
  @ConfigProperty(name = "incognito.tlog.witnesses")
  Optional<String> witnessKeys; // comma-separated cosignature verifier keys

  private TransparencyLog log;
  private Witnesses witnesses;

  @PostConstruct
  void open() {
    Path root = dir.filter(d -> !d.isBlank()).map(Path::of).orElseGet(LogHolder::defaultDir);
    try {
      NoteKeys.Signer signer = signer(root.resolve("log-key"));
      log = TransparencyLog.open(new FileTileStore(root.resolve("tiles")), signer);
      witnesses = Witnesses.parse(witnessKeys.orElse(""));
      LOG.info(
          () ->
              "transparency log "
                  + origin
                  + " open at size "
                  + log.checkpoint().size()
                  + "; verifier key "
                  + signer.verifierKey());
    } catch (IOException | LogVerificationException e) {
      throw new IllegalStateException(
          "cannot open the transparency log in " + root + ": " + e.getMessage(), e);
    }
  }

  TransparencyLog log() {
    return log;
  }

  Witnesses witnesses() {
    return witnesses;
  }

  private NoteKeys.Signer signer(Path keyFile) throws IOException, LogVerificationException {
    if (Files.exists(keyFile)) {
      NoteKeys.Signer signer =
          NoteKeys.Signer.parse(Files.readString(keyFile, StandardCharsets.US_ASCII));
      if (!signer.name().equals(origin)) {
        throw new LogVerificationException(
            "the key in " + keyFile + " is for " + signer.name() + ", not origin " + origin);
      }
      return signer;
    }
    NoteKeys.Signer signer = NoteKeys.Signer.generate(origin);
    Files.createDirectories(keyFile.getParent());
    try {
      Files.createFile(
          keyFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(keyFile);
    }
    Files.writeString(
        keyFile, signer.encodePrivate(), StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
    return signer;
  }

  private static Path defaultDir() {
    String instance = System.getProperty("com.sun.aas.instanceRoot");
    return instance != null
        ? Path.of(instance, "config", "incognito", "tlog")
        : Path.of(System.getProperty("user.home"), ".incognito", "tlog");
  }
}
