package dev.incognito.client.token;

import dev.incognito.client.chat.ChatException;
import dev.incognito.protocol.token.Token;
import dev.incognito.protocol.token.TokenChallenge;
import dev.incognito.protocol.token.TokenKey;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Anonymous tokens for one gateway challenge, issued in batches and kept only in memory: they are
 * gone when the process ends. A new challenge or key drops the spares issued for the old one.
 */
public final class TokenWallet {

  /** Most tokens obtained in one batch. */
  public static final int MAX_BATCH = 16;

  /** Tokens obtained earlier and kept elsewhere (such as on disk), spent before new ones. */
  public interface Reserve {
    /** Takes (and forgets) a token for {@code challenge} under {@code key}, if one is held. */
    java.util.Optional<Token> take(TokenChallenge challenge, TokenKey key) throws ChatException;
  }

  private final IssuerClient issuer;
  private final Reserve reserve;
  private final int batch;
  private final Deque<Token> spare = new ArrayDeque<>();
  private TokenChallenge challenge;
  private TokenKey key;

  /**
   * @param batch tokens obtained per visit to the issuer, 1 to {@value #MAX_BATCH}
   */
  public TokenWallet(IssuerClient issuer, int batch) {
    this(Objects.requireNonNull(issuer, "issuer"), batch, null);
  }

  /**
   * A wallet that spends tokens from {@code reserve} before asking the issuer.
   *
   * @param issuer the issuer; null when there is no login (then only reserved tokens are spent)
   * @param reserve tokens obtained earlier; null for none
   */
  public TokenWallet(IssuerClient issuer, int batch, Reserve reserve) {
    if (batch < 1 || batch > MAX_BATCH) {
      throw new IllegalArgumentException("batch must be 1 to " + MAX_BATCH);
    }
    if (issuer == null && reserve == null) {
      throw new IllegalArgumentException("a wallet needs an issuer or a reserve");
    }
    this.issuer = issuer;
    this.reserve = reserve;
    this.batch = batch;
  }

  private IssuerClient issuer() throws ChatException {
    if (issuer == null) {
      throw new ChatException(
          ChatException.Kind.CONFIGURATION,
          "no stored token left for this gateway and no password for the issuer login: set "
              + Login.PASSWORD_ENV
              + " or run `incognito login`");
    }
    return issuer;
  }

  /** A token for {@code challenge} under {@code key}, from the spares or a new batch. */
  public synchronized Token take(TokenChallenge challenge, TokenKey key, Consumer<String> steps)
      throws ChatException {
    if (!challenge.equals(this.challenge) || !key.equals(this.key)) {
      spare.clear();
      this.challenge = challenge;
      this.key = key;
    }
    if (spare.isEmpty() && reserve != null) {
      java.util.Optional<Token> stored = reserve.take(challenge, key);
      if (stored.isPresent()) {
        steps.accept("spending a token stored by `incognito login` (its file is deleted)");
        return stored.get();
      }
    }
    if (spare.isEmpty()) {
      spare.addAll(issuer().issue(challenge, key, batch, steps));
    } else {
      steps.accept("using a spare token held in memory (" + (spare.size() - 1) + " left)");
    }
    return spare.removeFirst();
  }

  /** Issues {@code count} tokens directly, bypassing the spares. */
  public java.util.List<Token> issue(
      TokenChallenge challenge, TokenKey key, int count, Consumer<String> steps)
      throws ChatException {
    return issuer().issue(challenge, key, count, steps);
  }

  /** The challenge the last token was for, if any. */
  public synchronized java.util.Optional<TokenChallenge> challenge() {
    return java.util.Optional.ofNullable(challenge);
  }

  public synchronized int spareCount() {
    return spare.size();
  }

  /** Forgets every spare token. */
  public synchronized void clear() {
    spare.clear();
  }
}
