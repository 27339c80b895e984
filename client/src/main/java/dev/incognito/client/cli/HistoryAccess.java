package dev.incognito.client.cli;

import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.ChatException.Kind;
import dev.incognito.client.history.EncryptedHistory;
import dev.incognito.client.history.HistoryException;
import dev.incognito.client.history.WrongPassphraseException;
import dev.incognito.client.token.Login;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;

/** Where the history lives and how the person's passphrase opens it. */
final class HistoryAccess {

  /** Environment variable holding the history passphrase (else it is asked on the console). */
  static final String PASSPHRASE_ENV = "INCOGNITO_HISTORY_PASSPHRASE";

  /** Folder of the history inside the client's home folder. */
  static final String FOLDER = "history";

  private HistoryAccess() {}

  static Path folder() {
    return Login.home(System.getenv()).resolve(FOLDER);
  }

  /** Opens the history (deleting expired records), asking for the passphrase if need be. */
  static EncryptedHistory open() throws ChatException {
    char[] pass = passphrase();
    try {
      return EncryptedHistory.open(folder(), pass, Clock.systemUTC(), new SecureRandom());
    } catch (WrongPassphraseException e) {
      throw new ChatException(Kind.AUTHENTICATION, e.getMessage(), e);
    } catch (HistoryException e) {
      throw new ChatException(Kind.VERIFICATION, "the history: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ChatException(Kind.CONFIGURATION, "cannot open the history in " + folder(), e);
    } finally {
      Arrays.fill(pass, '\0');
    }
  }

  private static char[] passphrase() throws ChatException {
    String env = System.getenv(PASSPHRASE_ENV);
    if (env != null && !env.isEmpty()) {
      return env.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw new ChatException(
          Kind.CONFIGURATION,
          "the history needs a passphrase: set " + PASSPHRASE_ENV + " or run from a terminal");
    }
    char[] p = console.readPassword("history passphrase: ");
    if (p == null || p.length == 0) {
      throw new ChatException(Kind.CONFIGURATION, "no history passphrase given");
    }
    return p;
  }
}
