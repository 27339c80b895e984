package dev.incognito.client.chat;

/**
 * A private chat could not be completed. The message is one sentence for the person at the
 * keyboard; it never contains the conversation, a token or a stack trace. {@link #kind()} says
 * which party or check failed and decides the exit code.
 */
public class ChatException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Which step failed. */
  public enum Kind {
    /** The relay, gateway or issuer could not be reached, or the relay could not reach on. */
    UNREACHABLE(3),
    /** The issuer refused to issue a token, or the gateway refused the token. */
    AUTHENTICATION(4),
    /** A receipt or the bundle did not verify: the answer is not trusted (fails closed). */
    VERIFICATION(5),
    /** A peer answered something that does not follow the protocol. */
    PROTOCOL(6),
    /** The inner API answered with an error status. */
    REJECTED(7),
    /** Local configuration is missing, such as the password. */
    CONFIGURATION(8);

    private final int exitCode;

    Kind(int exitCode) {
      this.exitCode = exitCode;
    }

    /** The process exit code for this kind. */
    public int exitCode() {
      return exitCode;
    }
  }

  private final Kind kind;

  public ChatException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ChatException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
