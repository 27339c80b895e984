package dev.incognito.client.server;

/**
 * The local server could not be set up, started, deployed to or stopped; the message says which.
 */
public final class ServerControlException extends Exception {

  private static final long serialVersionUID = 1L;

  public ServerControlException(String message) {
    super(message);
  }

  public ServerControlException(String message, Throwable cause) {
    super(message, cause);
  }
}
