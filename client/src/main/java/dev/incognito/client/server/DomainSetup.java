package dev.incognito.client.server;

import dev.incognito.protocol.secret.SecretBytes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Creates a Payara domain and configures it from the asadmin command files in {@code config/}
 * ({@code *.asadmin}, applied in name order), then adds the demo user. The domain is started for
 * the configuration and stopped afterwards, so that JVM options take effect at the next start.
 *
 * <p>A marker in the domain ({@value #MARKER}) records the SHA-256 of the command files it was
 * configured from; a domain whose marker does not match is deleted and created again.
 */
public final class DomainSetup {

  /**
   * File in the domain's {@code config/} folder holding the digest of the applied command files.
   */
  static final String MARKER = "incognito-config.sha256";

  /** The domain shipped in the distribution, copied (never changed) for throw-away test domains. */
  static final String TEMPLATE_DOMAIN = "domain1";

  /** Command files in {@code config/} end with this. */
  static final String COMMAND_FILE_SUFFIX = ".asadmin";

  /** Most command files read from {@code config/}. */
  static final int MAX_COMMAND_FILES = 64;

  /** The realm and group of the demo user. */
  static final String USERS_REALM = "incognito-users";

  /** The realm and group of the transparency log's publisher (tlog-war's role tlog-publisher). */
  static final String PUBLISHERS_REALM = "incognito-publishers";

  static final String PUBLISHERS_GROUP = "tlog-publishers";

  /** How a missing domain comes into being. */
  public enum Creation {
    /** {@code asadmin create-domain}: fresh keys and certificates (slow: tens of seconds). */
    CREATE,
    /**
     * A copy of {@value #TEMPLATE_DOMAIN}, which shares the distribution's published TLS key: for
     * test domains only.
     */
    COPY_TEMPLATE
  }

  private final Asadmin asadmin;
  private final String domain;
  private final Path configDir;
  private final IncognitoHome home;
  private final Consumer<String> out;

  DomainSetup(
      Asadmin asadmin, String domain, Path configDir, IncognitoHome home, Consumer<String> out) {
    this.asadmin = asadmin;
    this.domain = domain;
    this.configDir = configDir.toAbsolutePath().normalize();
    this.home = home;
    this.out = out;
  }

  Path domainDir() {
    return domainDir(asadmin.payaraHome(), domain);
  }

  static Path domainDir(Path payaraHome, String domain) {
    return payaraHome.resolve("glassfish").resolve("domains").resolve(domain);
  }

  /** The command files, in the order they are applied. */
  List<Path> commandFiles() throws ServerControlException {
    if (!Files.isDirectory(configDir)) {
      throw new ServerControlException("no configuration folder at " + configDir);
    }
    try (Stream<Path> files = Files.list(configDir)) {
      List<Path> list =
          files
              .filter(f -> f.getFileName().toString().endsWith(COMMAND_FILE_SUFFIX))
              .sorted(Comparator.comparing(f -> f.getFileName().toString()))
              .limit(MAX_COMMAND_FILES + 1L)
              .toList();
      if (list.isEmpty()) {
        throw new ServerControlException("no *" + COMMAND_FILE_SUFFIX + " files in " + configDir);
      }
      if (list.size() > MAX_COMMAND_FILES) {
        throw new ServerControlException("more than " + MAX_COMMAND_FILES + " command files");
      }
      return list;
    } catch (IOException e) {
      throw new ServerControlException("cannot list " + configDir, e);
    }
  }

  /** SHA-256 over the command files' names and contents, hex. */
  String configDigest() throws ServerControlException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path f : commandFiles()) {
        sha.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Files.readAllBytes(f));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new ServerControlException("cannot read the command files in " + configDir, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** Whether the domain exists and was configured from the current command files. */
  boolean isCurrent() throws ServerControlException {
    Path marker = domainDir().resolve("config").resolve(MARKER);
    try {
      return Files.isRegularFile(marker)
          && Files.readString(marker, StandardCharsets.US_ASCII).trim().equals(configDigest());
    } catch (IOException e) {
      throw new ServerControlException("cannot read " + marker, e);
    }
  }

  /**
   * Makes sure the domain exists and is configured from the current command files: creates it (or
   * re-creates a stale one), starts it, applies the command files and the demo user, stops it. The
   * domain must not be running when it is stale.
   *
   * @return whether anything was done
   */
  boolean prepare(Creation creation) throws ServerControlException {
    if (isCurrent()) {
      return false;
    }
    String digest = configDigest();
    Path dir = domainDir();
    if (Files.exists(dir)) {
      out.accept("configuration in " + configDir + " changed: re-creating domain " + domain + "…");
      deleteTree(dir);
    }
    out.accept("creating domain " + domain + "…");
    switch (creation) {
      case CREATE ->
          asadmin.run(List.of("create-domain", "--nopassword=true", "--checkports=false", domain));
      case COPY_TEMPLATE -> copyTemplate(dir);
    }
    out.accept("configuring domain " + domain + " from " + configDir + "…");
    asadmin.run(List.of("start-domain", domain));
    try {
      configure();
    } catch (ServerControlException | RuntimeException e) {
      stopQuietly();
      throw e;
    }
    asadmin.run(List.of("stop-domain", domain));
    try {
      Files.writeString(
          dir.resolve("config").resolve(MARKER), digest + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ServerControlException("cannot write the configuration marker in " + dir, e);
    }
    return true;
  }

  /** Applies the command files and adds the demo user and the publisher; the domain is running. */
  private void configure() throws ServerControlException {
    Path work = null;
    try {
      // owner-only on POSIX file systems, like every temporary folder Java creates
      work = Files.createTempDirectory("incognito-setup-");
      Path commands = work.resolve("domain.asadmin");
      StringBuilder all = new StringBuilder();
      for (Path f : commandFiles()) {
        all.append("# ---- ").append(f.getFileName()).append('\n');
        all.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
      }
      all.append("create-file-user --authrealmname=")
          .append(USERS_REALM)
          .append(" --groups=")
          .append(USERS_REALM)
          .append(' ')
          .append(DemoPassword.USER)
          .append('\n');
      Files.writeString(commands, all, StandardCharsets.UTF_8);
      Path passwords = work.resolve("passwords");
      try (SecretBytes demo = DemoPassword.obtain(home, System.getenv(), out)) {
        writePasswordFile(passwords, demo);
      }
      asadmin.runCommandFile(commands, Optional.of(passwords));
      // asadmin takes one user password per command file: the log's publisher gets its own
      Path publisher = work.resolve("publisher.asadmin");
      Files.writeString(
          publisher,
          "create-file-user --authrealmname="
              + PUBLISHERS_REALM
              + " --groups="
              + PUBLISHERS_GROUP
              + " "
              + LocalPassword.PUBLISHER.user()
              + "\n",
          StandardCharsets.UTF_8);
      try (SecretBytes pw = LocalPassword.PUBLISHER.obtain(home, System.getenv(), out)) {
        writePasswordFile(passwords, pw);
      }
      asadmin.runCommandFile(publisher, Optional.of(passwords));
    } catch (IOException e) {
      throw new ServerControlException("cannot prepare the command file", e);
    } finally {
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  /** asadmin reads its password file as Java properties; the user password goes in it escaped. */
  private static void writePasswordFile(Path file, SecretBytes password) throws IOException {
    Properties p = new Properties();
    p.setProperty("AS_ADMIN_PASSWORD", "");
    p.setProperty(
        "AS_ADMIN_USERPASSWORD", new String(password.revealForUse(), StandardCharsets.US_ASCII));
    try (OutputStream os = Files.newOutputStream(file)) {
      p.store(os, null);
    }
  }

  private void copyTemplate(Path dir) throws ServerControlException {
    Path template = domainDir(asadmin.payaraHome(), TEMPLATE_DOMAIN);
    if (!Files.isRegularFile(template.resolve("config").resolve("domain.xml"))) {
      throw new ServerControlException("no template domain at " + template);
    }
    try (Stream<Path> tree = Files.walk(template)) {
      for (Path src : tree.toList()) {
        Path dst = dir.resolve(template.relativize(src).toString());
        if (Files.isDirectory(src)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      Path xml = dir.resolve("config").resolve("domain.xml");
      String text = Files.readString(xml, StandardCharsets.UTF_8);
      text =
          text.replace("\"localhost-" + TEMPLATE_DOMAIN + "\"", "\"localhost-" + domain + "\"")
              .replace(
                  "name=\"administrative.domain.name\" value=\"" + TEMPLATE_DOMAIN + "\"",
                  "name=\"administrative.domain.name\" value=\"" + domain + "\"")
              .replaceFirst(
                  "special-admin-indicator=\"[0-9a-f-]+\"",
                  "special-admin-indicator=\"" + UUID.randomUUID() + "\"");
      Files.writeString(xml, text, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException e) {
      throw new ServerControlException("cannot copy " + template + " to " + dir, e);
    }
  }

  private void stopQuietly() {
    try {
      asadmin.run(List.of("stop-domain", domain));
    } catch (ServerControlException ignored) {
      // the configuration error is the one to report
    }
  }

  static void deleteTree(Path dir) throws ServerControlException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ServerControlException("cannot delete " + dir, e);
    }
  }

  /**
   * The build's integration-test set-up: prepares a throw-away domain (a copy of the distribution's
   * template domain) in an unpacked Payara Server. Arguments: {@code PAYARA_HOME DOMAIN CONFIG_DIR
   * INCOGNITO_HOME}.
   */
  public static void main(String[] args) throws ServerControlException {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: DomainSetup PAYARA_HOME DOMAIN CONFIG_DIR INCOGNITO_HOME");
    }
    IncognitoHome home = new IncognitoHome(Path.of(args[3]));
    DomainSetup setup =
        new DomainSetup(
            new Asadmin(Path.of(args[0])), args[1], Path.of(args[2]), home, System.out::println);
    if (!setup.prepare(Creation.COPY_TEMPLATE)) {
      System.out.println("domain " + args[1] + " is configured from the current " + args[2]);
    }
  }
}
