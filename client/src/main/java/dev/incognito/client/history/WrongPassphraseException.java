package dev.incognito.client.history;

/** The passphrase does not open the history: the key it derives fails the store's key check. */
public final class WrongPassphraseException extends HistoryException {

  private static final long serialVersionUID = 1L;

  public WrongPassphraseException(String message) {
    super(message);
  }
}
