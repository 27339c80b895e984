package dev.incognito.relay;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * {@code POST /relay/}: forwards an encapsulated request (RFC 9458 §4.3, or a chunked one) to the
 * gateway and returns the gateway's status, media type and body unchanged. A chunked response
 * (draft-ietf-ohai-chunked-ohttp) is streamed through as it arrives; any other is passed on whole.
 *
 * <p>The relay's own errors are problem details: 404 for another path, 405 for another method, 415
 * for another media type, 413 above {@link #MAX_REQUEST_BYTES}, 502 when the gateway cannot be
 * reached or the circuit to it is open, 503 when too many forwards are in flight, 504 when the
 * gateway does not answer in time. A gateway error status (4xx or 5xx) is the gateway's answer and
 * passes through as it is.
 *
 * <p>Nothing here logs a body, a header value or an address.
 */
@WebServlet(urlPatterns = "/*", asyncSupported = false)
public class RelayServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(RelayServlet.class.getName());

  /** Largest encapsulated request forwarded, bytes. */
  public static final int MAX_REQUEST_BYTES = 1024 * 1024;

  /** Largest non-chunked response passed on, bytes (chunked responses are streamed, not held). */
  public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  /** Most bytes of an oversized request read and dropped before answering 413. */
  static final int MAX_DRAIN_BYTES = 4 * MAX_REQUEST_BYTES;

  /** Read size while streaming a chunked response, bytes. */
  static final int STREAM_BUFFER_BYTES = 8 * 1024;

  @Inject transient GatewayLink gateway;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    if (path != null && !path.equals("/")) {
      Problems.send(response, 404, "Not found", "the relay serves POST / only");
      return;
    }
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      Problems.send(response, 405, "Method not allowed", "the relay serves POST / only");
      return;
    }
    String contentType = request.getContentType();
    if (!MediaTypes.isEncapsulatedRequest(contentType)) {
      Problems.send(
          response,
          415,
          "Unsupported media type",
          "expected " + MediaTypes.REQUEST + " or " + MediaTypes.CHUNKED_REQUEST);
      return;
    }
    if (request.getContentLengthLong() > MAX_REQUEST_BYTES) {
      drain(request);
      Problems.send(response, 413, "Request too large", tooLarge());
      return;
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_REQUEST_BYTES + 1);
    }
    if (body.length > MAX_REQUEST_BYTES) {
      drain(request);
      Problems.send(response, 413, "Request too large", tooLarge());
      return;
    }
    HttpResponse<InputStream> upstream;
    try {
      upstream = gateway.forward(body, MediaTypes.essence(contentType));
    } catch (TimeoutException | HttpTimeoutException e) {
      if (e instanceof HttpConnectTimeoutException) {
        unreachable(response, e);
        return;
      }
      Problems.send(response, 504, "Gateway timeout", "the gateway did not answer in time");
      return;
    } catch (BulkheadException e) {
      response.setHeader("Retry-After", "1");
      Problems.send(response, 503, "Relay busy", "too many requests in flight; retry shortly");
      return;
    } catch (CircuitBreakerOpenException | ConnectException e) {
      unreachable(response, e);
      return;
    } catch (IOException e) {
      unreachable(response, e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Problems.send(response, 504, "Gateway timeout", "the gateway did not answer in time");
      return;
    }
    try (InputStream in = upstream.body()) {
      pass(upstream, in, response);
    }
  }

  /** Writes the gateway's answer: status, media type and body, nothing else. */
  private static void pass(
      HttpResponse<InputStream> upstream, InputStream in, HttpServletResponse response)
      throws IOException {
    String type = upstream.headers().firstValue("Content-Type").orElse(null);
    response.setStatus(upstream.statusCode());
    if (type != null) {
      response.setContentType(type);
    }
    response.setHeader("Cache-Control", "no-store");
    OutputStream out = response.getOutputStream();
    if (MediaTypes.CHUNKED_RESPONSE.equals(MediaTypes.essence(type))) {
      // draft-ietf-ohai-chunked-ohttp: every chunk goes on as soon as it arrives
      response.flushBuffer();
      byte[] buffer = new byte[STREAM_BUFFER_BYTES];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (n > 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
      return;
    }
    byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
    if (body.length > MAX_RESPONSE_BYTES) {
      response.reset();
      Problems.send(response, 502, "Bad gateway", "the gateway's response is too large to relay");
      return;
    }
    response.setContentLength(body.length);
    out.write(body);
  }

  private static void unreachable(HttpServletResponse response, Exception e) throws IOException {
    // the exception type only: messages may carry addresses of the gateway's network, never the
    // client's, but there is nothing to gain from logging them
    LOG.warning(() -> "gateway not reachable: " + e.getClass().getSimpleName());
    Problems.send(response, 502, "Bad gateway", "the gateway cannot be reached");
  }

  /**
   * Reads and drops what is left of an oversized request, up to {@link #MAX_DRAIN_BYTES}, so that
   * the client reads the 413 instead of a connection closed under its upload.
   */
  static void drain(HttpServletRequest request) {
    try (InputStream in = request.getInputStream()) {
      long left =
          request.getContentLengthLong() < 0 ? MAX_DRAIN_BYTES : request.getContentLengthLong();
      in.skipNBytes(Math.min(MAX_DRAIN_BYTES, left));
    } catch (IOException e) {
      // the client stopped sending: nothing left to drain
    }
  }

  private static String tooLarge() {
    return "an encapsulated request has at most " + MAX_REQUEST_BYTES + " bytes";
  }
}
