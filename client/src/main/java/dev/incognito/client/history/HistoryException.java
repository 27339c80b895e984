package dev.incognito.client.history;

/**
 * The encrypted history cannot be read: a record or the store file was changed, cut or is not in
 * the {@value EncryptedHistory#FORMAT} format. The message names the file; never its content.
 */
public class HistoryException extends Exception {

  private static final long serialVersionUID = 1L;

  public HistoryException(String message) {
    super(message);
  }

  public HistoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
