package dev.incognito.client.tokenstore;

import dev.incognito.client.chat.ChatException;
import dev.incognito.client.ownerfiles.OwnerOnlyFiles;
import dev.incognito.client.token.TokenWallet;
import dev.incognito.protocol.token.MalformedTokenException;
import dev.incognito.protocol.token.Token;
import dev.incognito.protocol.token.TokenChallenge;
import dev.incognito.protocol.token.TokenKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tokens obtained ahead of time ({@code incognito login}) and kept on the device until spent: one
 * owner-only file per token, {@code <random id>.token}, holding the token as RFC 9577 §2.2 encodes
 * it. A token is a bearer secret for one request, so its file is deleted as it is taken, before it
 * is sent; a token is matched to a gateway by its challenge digest and token key id.
 */
public final class TokenStore implements TokenWallet.Reserve {

  /** Folder of the store inside the client's home folder. */
  public static final String FOLDER = "tokens";

  /** Ending of token file names. */
  public static final String SUFFIX = ".token";

  /** Most token files looked at. */
  public static final int MAX_STORED = 4096;

  private final Path dir;
  private final SecureRandom random;

  public TokenStore(Path dir, SecureRandom random) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.random = Objects.requireNonNull(random, "random");
  }

  public Path folder() {
    return dir;
  }

  /** Stores each token in its own owner-only file. */
  public void put(List<Token> tokens) throws IOException {
    if (count() + tokens.size() > MAX_STORED) {
      throw new IOException("the token store holds at most " + MAX_STORED + " tokens");
    }
    OwnerOnlyFiles.folder(dir);
    for (Token t : tokens) {
      byte[] id = new byte[16];
      random.nextBytes(id);
      OwnerOnlyFiles.write(dir.resolve(HexFormat.of().formatHex(id) + SUFFIX), t.encode());
    }
  }

  /**
   * Takes a stored token for {@code challenge} under {@code key}, deleting its file; empty when
   * there is none. Unreadable token files are deleted.
   */
  @Override
  public Optional<Token> take(TokenChallenge challenge, TokenKey key) throws ChatException {
    byte[] digest = challenge.digest();
    byte[] keyId = key.tokenKeyId();
    try {
      for (Path file : files()) {
        Optional<Token> t = read(file);
        if (t.isEmpty()) {
          Files.deleteIfExists(file);
          continue;
        }
        Token token = t.get();
        if (MessageDigest.isEqual(token.challengeDigest(), digest)
            && MessageDigest.isEqual(token.tokenKeyId(), keyId)
            && Files.deleteIfExists(file)) {
          return Optional.of(token);
        }
      }
    } catch (IOException e) {
      throw new ChatException(
          ChatException.Kind.CONFIGURATION, "cannot read the token store " + dir, e);
    }
    return Optional.empty();
  }

  /** How many tokens are stored (for any gateway). */
  public int count() throws IOException {
    return files().size();
  }

  /** How many stored tokens fit {@code challenge} under {@code key}. */
  public int count(TokenChallenge challenge, TokenKey key) throws IOException {
    int n = 0;
    for (Path file : files()) {
      Optional<Token> t = read(file);
      if (t.isPresent()
          && MessageDigest.isEqual(t.get().challengeDigest(), challenge.digest())
          && MessageDigest.isEqual(t.get().tokenKeyId(), key.tokenKeyId())) {
        n++;
      }
    }
    return n;
  }

  private List<Path> files() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path p : s) {
        if (out.size() >= MAX_STORED) {
          break;
        }
        out.add(p);
      }
    }
    out.sort(null);
    return out;
  }

  private static Optional<Token> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(Token.MAX_ENCODED_BYTES + 1);
      if (b.length > Token.MAX_ENCODED_BYTES) {
        return Optional.empty();
      }
      return Optional.of(Token.decode(b));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (MalformedTokenException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "TokenStore[" + dir + "]";
  }
}
