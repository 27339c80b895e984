package dev.incognito.gateway.token;

import dev.incognito.protocol.token.AuthScheme;
import dev.incognito.protocol.token.MalformedTokenException;
import dev.incognito.protocol.token.Token;
import dev.incognito.protocol.token.TokenChallenge;
import dev.incognito.protocol.token.TokenKey;
import dev.incognito.protocol.token.TokenVerificationException;
import dev.incognito.protocol.token.TokenVerifier;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Checks and spends the token of one inner request. The outcome is a value: the gateway turns a
 * refusal into an encapsulated 401 with a {@code WWW-Authenticate: PrivateToken} challenge.
 */
public final class Redemption {

  /** The result of redeeming one request's token. */
  public sealed interface Outcome permits Accepted, Refused {}

  /** The token verified and was spent now. */
  public record Accepted() implements Outcome {}

  /**
   * No valid token.
   *
   * @param reason what failed, safe to show (never the token itself)
   * @param challenge the {@code WWW-Authenticate} value to send back
   */
  public record Refused(String reason, String challenge) implements Outcome {}

  private final TokenChallenge challenge;
  private final List<TokenKey> keys;
  private final TokenVerifier verifier;
  private final SpentTokens spent;

  /**
   * @param challenge the challenge this gateway issues (its issuer name, empty redemption context
   *     so devices can fetch tokens ahead of time)
   * @param keys the issuer's currently published keys, newest first
   */
  public Redemption(TokenChallenge challenge, List<TokenKey> keys, SpentTokens spent) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no issuer keys: tokens cannot be verified");
    }
    this.challenge = Objects.requireNonNull(challenge, "challenge");
    this.keys = List.copyOf(keys);
    this.verifier = new TokenVerifier(this.keys, List.of(challenge));
    this.spent = Objects.requireNonNull(spent, "spent");
  }

  /** The {@code WWW-Authenticate} value naming the newest key. */
  public String challengeHeader() {
    return AuthScheme.formatChallenge(challenge, keys.get(0), OptionalInt.empty());
  }

  /**
   * @param authorization the inner request's {@code Authorization} value, or null
   */
  public Outcome redeem(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return new Refused("a PrivateToken is required", challengeHeader());
    }
    Token token;
    try {
      token = AuthScheme.parseAuthorization(authorization);
    } catch (MalformedTokenException e) {
      return new Refused("malformed token: " + e.getMessage(), challengeHeader());
    }
    try {
      verifier.verify(token);
    } catch (TokenVerificationException e) {
      return new Refused("token rejected: " + e.getMessage(), challengeHeader());
    }
    if (!spent.spend(token.nonce())) {
      return new Refused("token already spent", challengeHeader());
    }
    return new Accepted();
  }
}
