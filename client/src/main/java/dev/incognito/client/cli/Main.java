package dev.incognito.client.cli;

/** Entry point of the {@code incognito} command. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(IncognitoCommand.commandLine().execute(args));
  }
}
