package dev.incognito.client.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The local Payara Server that runs the Incognito EAR: Payara unpacked under the Incognito home,
 * domain {@value #DOMAIN} configured from the repository's {@code config/}, the EAR from {@code
 * ear/target/}. Commands that need a server call {@link #ensureRunning()}; the server keeps running
 * in the background until {@link #stop()}.
 */
public final class ServerControl {

  /** The domain's name. */
  public static final String DOMAIN = "incognito";

  /** The name the EAR is deployed under. */
  public static final String APPLICATION = "incognito";

  /** System property the launcher sets to the repository root. */
  public static final String REPO_PROPERTY = "incognito.repo";

  /** Longest wait for the deployed application to report ready. */
  static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

  /** Readiness probe: MicroProfile Health, relative to the server's base address. */
  static final String READY_PATH = "health/ready";

  /** File in the domain's {@code config/} folder holding the SHA-256 of the deployed EAR. */
  static final String DEPLOYED_MARKER = "incognito-deployed.sha256";

  private static final Pattern DOMAIN_LINE =
      Pattern.compile("(?m)^" + DOMAIN + "\\s+(running|not running)");

  private final IncognitoHome home;
  private final Path repo;
  private final Consumer<String> out;
  private final Asadmin asadmin;

  /**
   * @param home where Payara is unpacked and the demo password kept
   * @param repo the repository root, holding {@code config/} and {@code ear/target/*.ear}
   * @param out receives one line per step
   */
  public ServerControl(IncognitoHome home, Path repo, Consumer<String> out) {
    this.home = home;
    this.repo = repo.toAbsolutePath().normalize();
    this.out = out;
    this.asadmin = new Asadmin(home.payaraHome());
  }

  /**
   * The server of {@link IncognitoHome#resolve()} for the repository named by {@value
   * #REPO_PROPERTY} (the working directory when unset).
   */
  public static ServerControl fromEnvironment(Consumer<String> out) {
    return new ServerControl(
        IncognitoHome.resolve(), Path.of(System.getProperty(REPO_PROPERTY, ".")), out);
  }

  /** The local domain's folder ({@code payara6/glassfish/domains/incognito}). */
  public Path domainDir() {
    return DomainSetup.domainDir(home.payaraHome(), DOMAIN);
  }

  /**
   * Unpacks Payara, creates and configures the domain, starts it, deploys the EAR when it changed,
   * and waits until it is ready over HTTP. Does only what is missing, so it is quick when the
   * server already runs the current EAR.
   */
  public ServerStatus ensureRunning() throws ServerControlException {
    if (!Files.isRegularFile(asadmin.script())) {
      out.accept(
          "unpacking Payara Server " + PayaraDistribution.VERSION + " into " + home.payaraHome());
      PayaraDistribution.unpack(PayaraDistribution.zipInLocalRepository(), home.payaraHome());
    }
    DomainSetup setup = new DomainSetup(asadmin, DOMAIN, repo.resolve("config"), home, out);
    boolean running = isRunning();
    if (running && !setup.isCurrent()) {
      out.accept("stopping " + DOMAIN + " to apply the changed configuration…");
      asadmin.run(List.of("stop-domain", DOMAIN));
      running = false;
    }
    setup.prepare(DomainSetup.Creation.CREATE);
    if (!running) {
      out.accept("starting…");
      asadmin.run(List.of("start-domain", DOMAIN));
    }
    deployIfChanged();
    ServerStatus status = status();
    awaitReady(status.baseUri());
    out.accept(
        "ready at http://localhost:" + status.httpPort() + " (relay /relay/, gateway /gateway/)");
    return status;
  }

  /** Whether the domain runs, its ports and applications; starts nothing. */
  public ServerStatus status() throws ServerControlException {
    Path domainXml = DomainSetup.domainDir(home.payaraHome(), DOMAIN).resolve("config/domain.xml");
    Ports ports = Files.isRegularFile(domainXml) ? Ports.read(domainXml) : Ports.DEFAULTS;
    boolean running = Files.isRegularFile(asadmin.script()) && isRunning();
    List<String> apps = running ? applications() : List.of();
    return new ServerStatus(running, ports.http(), ports.https(), ports.admin(), apps);
  }

  /**
   * Stops the domain.
   *
   * @return whether it was running
   */
  public boolean stop() throws ServerControlException {
    if (!Files.isRegularFile(asadmin.script()) || !isRunning()) {
      return false;
    }
    out.accept("stopping…");
    try {
      asadmin.run(List.of("stop-domain", DOMAIN));
    } catch (ServerControlException e) {
      // a request stuck in the server holds up the orderly stop (asadmin waits 60 s)
      out.accept("the server did not stop in time: ending its process");
      asadmin.run(List.of("stop-domain", "--kill=true", DOMAIN));
    }
    return true;
  }

  private boolean isRunning() throws ServerControlException {
    if (!Files.isDirectory(DomainSetup.domainDir(home.payaraHome(), DOMAIN))) {
      return false;
    }
    Matcher m = DOMAIN_LINE.matcher(asadmin.run(List.of("list-domains")));
    return m.find() && m.group(1).equals("running");
  }

  private List<String> applications() throws ServerControlException {
    List<String> apps = new ArrayList<>();
    for (String line : asadmin.run(List.of("--terse=true", "list-applications")).split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 2 && words[1].startsWith("<")) {
        apps.add(words[0]);
      }
    }
    return apps;
  }

  private void deployIfChanged() throws ServerControlException {
    Path ear = findEar();
    String digest = sha256(ear);
    Path marker =
        DomainSetup.domainDir(home.payaraHome(), DOMAIN).resolve("config/" + DEPLOYED_MARKER);
    try {
      if (Files.isRegularFile(marker)
          && Files.readString(marker, StandardCharsets.US_ASCII).trim().equals(digest)
          && applications().contains(APPLICATION)) {
        return;
      }
      out.accept("deploying " + repo.relativize(ear) + "…");
      asadmin.run(List.of("deploy", "--force=true", "--name", APPLICATION, ear.toString()));
      Files.writeString(marker, digest + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ServerControlException("cannot record the deployed EAR in " + marker, e);
    }
  }

  /** The newest {@code ear/target/*.ear}. */
  Path findEar() throws ServerControlException {
    Path target = repo.resolve("ear").resolve("target");
    Optional<Path> ear = Optional.empty();
    if (Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        ear =
            files
                .filter(f -> f.getFileName().toString().endsWith(".ear"))
                .max(Comparator.comparing(ServerControl::modified));
      } catch (IOException e) {
        throw new ServerControlException("cannot list " + target, e);
      }
    }
    return ear.orElseThrow(
        () ->
            new ServerControlException(
                "no EAR in "
                    + target
                    + ": build it with `mvn -B package -DskipTests` in "
                    + repo
                    + " (or set -D"
                    + REPO_PROPERTY
                    + " to the repository root)"));
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return Long.MIN_VALUE;
    }
  }

  private void awaitReady(URI base) throws ServerControlException {
    out.accept("waiting for " + base.resolve(READY_PATH) + "…");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(base.resolve(READY_PATH)).timeout(Duration.ofSeconds(10)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = http.send(probe, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = "HTTP " + r.statusCode() + " " + abbreviate(r.body());
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServerControlException("interrupted while waiting for readiness", e);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServerControlException("interrupted while waiting for readiness", e);
      }
    }
    throw new ServerControlException(
        "not ready after " + READY_TIMEOUT + " (" + base.resolve(READY_PATH) + ": " + last + ")");
  }

  private static String abbreviate(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500) + "…";
  }

  private static String sha256(Path file) throws ServerControlException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new ServerControlException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The listener ports of the domain's {@code server-config}. */
  record Ports(int http, int https, int admin) {

    static final Ports DEFAULTS = new Ports(8080, 8181, 4848);

    static Ports read(Path domainXml) throws ServerControlException {
      try {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(domainXml.toFile());
        NodeList configs = doc.getElementsByTagName("config");
        for (int i = 0; i < configs.getLength(); i++) {
          Element config = (Element) configs.item(i);
          if (!"server-config".equals(config.getAttribute("name"))) {
            continue;
          }
          NodeList listeners = config.getElementsByTagName("network-listener");
          int http = DEFAULTS.http();
          int https = DEFAULTS.https();
          int admin = DEFAULTS.admin();
          for (int j = 0; j < listeners.getLength(); j++) {
            Element l = (Element) listeners.item(j);
            int port = parsePort(l.getAttribute("port"));
            switch (l.getAttribute("name")) {
              case "http-listener-1" -> http = port > 0 ? port : http;
              case "http-listener-2" -> https = port > 0 ? port : https;
              case "admin-listener" -> admin = port > 0 ? port : admin;
              default -> {}
            }
          }
          return new Ports(http, https, admin);
        }
        return DEFAULTS;
      } catch (ParserConfigurationException | SAXException | IOException e) {
        throw new ServerControlException("cannot read the ports in " + domainXml, e);
      }
    }

    private static int parsePort(String s) {
      try {
        int p = Integer.parseInt(s);
        return p > 0 && p < 65536 ? p : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }
}
