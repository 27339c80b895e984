package dev.incognito.it;

import dev.incognito.client.server.DemoPassword;
import dev.incognito.client.server.IncognitoHome;
import dev.incognito.protocol.secret.SecretBytes;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/**
 * What every integration test needs: the EAR that Maven built, the server's address, the demo
 * user's credentials, an HTTP client.
 *
 * <p>An integration test looks like this:
 *
 * <pre>{@code
 * @ExtendWith(ArquillianExtension.class)
 * @RunAsClient
 * class IssuerDirectoryIT {
 *   @Deployment(testable = false)
 *   static EnterpriseArchive ear() {
 *     return IncognitoEar.archive();
 *   }
 *
 *   @Test
 *   void directory_isJson() throws Exception {
 *     HttpResponse<String> r = IncognitoEar.http().send(
 *         HttpRequest.newBuilder(IncognitoEar.uri("acs/.well-known/private-token-issuer-directory"))
 *             .build(), HttpResponse.BodyHandlers.ofString());
 *     assertEquals(200, r.statusCode());
 *   }
 * }
 * }</pre>
 */
public final class IncognitoEar {

  /** Failsafe's system property naming the EAR that the {@code ear} module packaged. */
  static final String EAR_PROPERTY = "incognito.it.ear";

  /** The server's plain HTTP listener: the domain keeps Payara's default port. */
  public static final int HTTP_PORT = 8080;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private IncognitoEar() {}

  /** The EAR that Maven built ({@code ear/target/incognito.ear}), for {@code @Deployment}. */
  public static EnterpriseArchive archive() {
    String path = System.getProperty(EAR_PROPERTY, "target/incognito.ear");
    File ear = new File(path);
    if (!ear.isFile()) {
      throw new IllegalStateException(
          "no EAR at " + ear.getAbsolutePath() + ": run the tests with `mvn verify`");
    }
    return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
  }

  /** The server's base address, {@code http://localhost:8080/}. */
  public static URI base() {
    return URI.create("http://localhost:" + HTTP_PORT + "/");
  }

  /** An address on the server, e.g. {@code uri("acs/token-request")}. */
  public static URI uri(String path) {
    return base().resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  /** A shared HTTP client that follows no redirects. */
  public static HttpClient http() {
    return HTTP;
  }

  /**
   * The demo user's password, as the build's domain set-up chose it (from {@code
   * INCOGNITO_DEMO_PASSWORD} or generated into the test Incognito home).
   */
  public static SecretBytes demoPassword() {
    try {
      return DemoPassword.find(IncognitoHome.resolve())
          .orElseThrow(() -> new IllegalStateException("the domain set-up wrote no demo password"));
    } catch (dev.incognito.client.server.ServerControlException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** {@code Authorization} header value that logs in as the demo user (HTTP BASIC, RFC 7617). */
  public static String demoAuthorization() {
    try (SecretBytes password = demoPassword()) {
      byte[] user = (DemoPassword.USER + ":").getBytes(StandardCharsets.US_ASCII);
      byte[] pw = password.revealForUse();
      byte[] both = new byte[user.length + pw.length];
      System.arraycopy(user, 0, both, 0, user.length);
      System.arraycopy(pw, 0, both, user.length, pw.length);
      return "Basic " + Base64.getEncoder().encodeToString(both);
    }
  }
}
