package dev.incognito.gateway;

import dev.incognito.coordinator.Coordinator;
import dev.incognito.coordinator.InnerRequest;
import dev.incognito.gateway.token.Redemption;
import dev.incognito.protocol.bhttp.BinaryHttp;
import dev.incognito.protocol.bhttp.BinaryHttpException;
import dev.incognito.protocol.bhttp.BinaryRequest;
import dev.incognito.protocol.ohttp.ChunkedRequestReader;
import dev.incognito.protocol.ohttp.MediaTypes;
import dev.incognito.protocol.ohttp.MessageTooLargeException;
import dev.incognito.protocol.ohttp.OhttpException;
import dev.incognito.protocol.ohttp.ServerContext;
import dev.incognito.protocol.ohttp.UnknownKeyIdException;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code POST /gateway/}: the Oblivious Gateway Resource (RFC 9458 §5). Before decryption, errors
 * are plain problem details: 405 for another method, 415 for another media type, 413 above {@link
 * Keys#MAX_REQUEST_BYTES}, 400 for a malformed or unauthentic message, and 400 with the problem
 * type {@link UnknownKeyIdException#PROBLEM_TYPE} (RFC 9458 §5.3) for an unknown key. After
 * decryption every answer is encapsulated: outer 200, inner status — 400 for a replayed
 * encapsulated request or a malformed Binary HTTP message, 401 with a {@code WWW-Authenticate:
 * PrivateToken} challenge for a missing or invalid token, 503 when the issuer's keys are
 * unavailable, and whatever the coordinator answers.
 *
 * <p>Nothing here logs a body, a header value, a token or an address.
 */
@WebServlet(urlPatterns = "")
public class OhttpServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(OhttpServlet.class.getName());

  @Inject transient Keys keys;
  @Inject transient Tokens tokens;
  @Inject transient GridCaches caches;
  @EJB transient Coordinator coordinator;

  private transient SeenRequests seen;

  @Override
  public void init() throws ServletException {
    seen = new SeenRequests(caches.seenRequests());
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      Problems.send(
          response, 405, "Method not allowed", "the gateway takes encapsulated requests by POST");
      return;
    }
    String type = essence(request.getContentType());
    try {
      if (type.equals(MediaTypes.OHTTP_REQUEST)) {
        whole(request, response);
      } else if (type.equals(MediaTypes.OHTTP_CHUNKED_REQUEST)) {
        chunked(request, response);
      } else {
        Problems.send(
            response,
            415,
            "Unsupported media type",
            "expected " + MediaTypes.OHTTP_REQUEST + " or " + MediaTypes.OHTTP_CHUNKED_REQUEST);
      }
    } catch (RuntimeException e) {
      LOG.warning(() -> "encapsulated request failed: " + e.getClass().getSimpleName());
      if (!response.isCommitted()) {
        response.reset();
        Problems.send(response, 500, "Internal error", "the request could not be served");
      }
    }
  }

  private void whole(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (request.getContentLengthLong() > Keys.MAX_REQUEST_BYTES) {
      drain(request);
      tooLarge(response);
      return;
    }
    byte[] encapsulated;
    try (InputStream in = request.getInputStream()) {
      encapsulated = in.readNBytes(Keys.MAX_REQUEST_BYTES + 1);
    }
    if (encapsulated.length > Keys.MAX_REQUEST_BYTES) {
      drain(request);
      tooLarge(response);
      return;
    }
    ServerContext context;
    try {
      context = keys.gateway().decapsulate(encapsulated);
    } catch (OhttpException e) {
      undecryptable(response, e);
      return;
    }
    EncapsulatedExchange exchange = new EncapsulatedExchange(context, response, false);
    byte[] message = context.request();
    try {
      if (seen.firstTime(encapsulated)) {
        serve(message, exchange);
      } else {
        replayed(exchange);
      }
    } finally {
      Arrays.fill(message, (byte) 0);
    }
  }

  private void chunked(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getContentLengthLong() > Keys.MAX_REQUEST_BYTES) {
      drain(request);
      tooLarge(response);
      return;
    }
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    ChunkedRequestReader reader;
    byte[] prefix;
    try (InputStream in = request.getInputStream()) {
      prefix = in.readNBytes(SeenRequests.PREFIX_BYTES);
      reader =
          keys.gateway()
              .decapsulateChunked(new SequenceInputStream(new ByteArrayInputStream(prefix), in));
      for (byte[] chunk; (chunk = reader.readChunk()) != null; ) {
        if (message.size() + chunk.length > Keys.MAX_REQUEST_BYTES) {
          tooLarge(response);
          return;
        }
        message.write(chunk);
        Arrays.fill(chunk, (byte) 0);
      }
    } catch (OhttpException e) {
      undecryptable(response, e);
      return;
    } catch (IOException e) {
      // the stream ended inside a chunk or its length
      Problems.send(
          response, 400, "Malformed encapsulated request", "the chunked request is truncated");
      return;
    }
    EncapsulatedExchange exchange = new EncapsulatedExchange(reader.context(), response, true);
    byte[] bytes = message.toByteArray();
    try {
      if (seen.firstTime(prefix)) {
        serve(bytes, exchange);
      } else {
        replayed(exchange);
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Decodes the Binary HTTP request, redeems its token and lets the coordinator answer. */
  private void serve(byte[] message, EncapsulatedExchange exchange) throws IOException {
    BinaryRequest inner;
    try {
      inner = BinaryHttp.decodeRequest(message);
    } catch (BinaryHttpException e) {
      exchange.error(
          400,
          "invalid_request_error",
          "invalid_binary_http",
          "the encapsulated request is not a valid Binary HTTP request",
          Map.of());
      return;
    }
    String route = route(inner.path());
    if (!(inner.method().equals("GET") && route.equals(Coordinator.MODELS))) {
      Redemption.Outcome outcome;
      try {
        outcome = tokens.redemption().redeem(inner.header("authorization").orElse(null));
      } catch (Tokens.IssuerUnavailableException e) {
        exchange.error(
            503, "server_error", "issuer_unavailable", e.getMessage(), Map.of("retry-after", "30"));
        return;
      }
      if (outcome instanceof Redemption.Refused refused) {
        exchange.error(
            401,
            "authentication_error",
            "invalid_token",
            refused.reason(),
            Map.of("www-authenticate", refused.challenge()));
        return;
      }
    }
    byte[] content = inner.content();
    try {
      coordinator.handle(
          new InnerRequest(
              inner.method(), inner.path(), inner.header("content-type").orElse(null), content),
          exchange);
      exchange.end();
    } catch (UncheckedIOException e) {
      // the device or the relay went away mid-answer: nothing left to tell anyone
    } catch (RuntimeException e) {
      // the coordinator could not be reached (not deployed, failed to start)
      LOG.warning(() -> "coordinator unavailable: " + e.getClass().getSimpleName());
      if (!exchange.answered()) {
        exchange.error(503, "server_error", "unavailable", "the model is not available", Map.of());
      }
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private static void replayed(EncapsulatedExchange exchange) {
    exchange.error(
        400,
        "invalid_request_error",
        "replayed_request",
        "this encapsulated request was already answered; encapsulate each request afresh",
        Map.of());
  }

  private static void undecryptable(HttpServletResponse response, OhttpException e)
      throws IOException {
    if (e instanceof UnknownKeyIdException) {
      // RFC 9458 §5.3: the client should fetch the current key configurations
      Problems.send(
          response,
          UnknownKeyIdException.PROBLEM_TYPE,
          400,
          "Unknown key configuration",
          "the encapsulated request names a key configuration this gateway does not hold;"
              + " fetch /gateway/ohttp-keys");
    } else if (e instanceof MessageTooLargeException) {
      tooLarge(response);
    } else {
      Problems.send(
          response,
          400,
          "Malformed encapsulated request",
          "the encapsulated request is malformed or did not authenticate");
    }
  }

  /** Most bytes of an oversized request read and dropped before answering 413. */
  static final int MAX_DRAIN_BYTES = 4 * Keys.MAX_REQUEST_BYTES;

  /**
   * Reads and drops what is left of an oversized request, up to {@link #MAX_DRAIN_BYTES}, so that
   * the client reads the 413 instead of a connection closed under its upload.
   */
  private static void drain(HttpServletRequest request) {
    try (InputStream in = request.getInputStream()) {
      long left =
          request.getContentLengthLong() < 0 ? MAX_DRAIN_BYTES : request.getContentLengthLong();
      in.skipNBytes(Math.min(MAX_DRAIN_BYTES, left));
    } catch (IOException e) {
      // the client stopped sending, or sent less than it announced: nothing left to drain
    }
  }

  private static void tooLarge(HttpServletResponse response) throws IOException {
    Problems.send(
        response,
        413,
        "Request too large",
        "an encapsulated request has at most " + Keys.MAX_REQUEST_BYTES + " bytes");
  }

  static String route(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  static String essence(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }
}
