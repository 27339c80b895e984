package dev.incognito.gateway;

import dev.incognito.coordinator.Responder;
import dev.incognito.protocol.bhttp.BinaryHttp;
import dev.incognito.protocol.bhttp.BinaryResponse;
import dev.incognito.protocol.bhttp.Field;
import dev.incognito.protocol.bhttp.IndeterminateResponseWriter;
import dev.incognito.protocol.bhttp.Padding;
import dev.incognito.protocol.ohttp.ChunkedResponseWriter;
import dev.incognito.protocol.ohttp.MediaTypes;
import dev.incognito.protocol.ohttp.ServerContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The answer to one decapsulated request, encapsulated (RFC 9458 §4.4) and written as the outer 200
 * response. A whole answer is a known-length Binary HTTP response padded to its bucket (RFC 9292
 * §3.8) in a {@code message/ohttp-res}; a streamed answer is an indeterminate-length Binary HTTP
 * response whose every piece is one chunk of a {@code message/ohttp-chunked-res}
 * (draft-ietf-ohai-chunked-ohttp §6.2). A chunked request always gets a chunked response.
 */
final class EncapsulatedExchange implements Responder {

  private final ServerContext context;
  private final HttpServletResponse response;
  private final boolean chunkedRequest;
  private boolean answered;
  private ChunkedResponseWriter chunks;
  private IndeterminateResponseWriter pieces;
  private boolean finishing;

  EncapsulatedExchange(ServerContext context, HttpServletResponse response, boolean chunked) {
    this.context = context;
    this.response = response;
    this.chunkedRequest = chunked;
  }

  boolean answered() {
    return answered;
  }

  /** An inner error with the OpenAI-compatible body. */
  void error(int status, String type, String code, String message, Map<String, String> extra) {
    byte[] body =
        jakarta.json.Json.createObjectBuilder()
            .add(
                "error",
                jakarta.json.Json.createObjectBuilder()
                    .add("message", message)
                    .add("type", type)
                    .add("code", code))
            .build()
            .toString()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var headers = new java.util.LinkedHashMap<String, String>();
    headers.put("content-type", "application/json");
    headers.putAll(extra);
    respond(status, headers, body);
  }

  @Override
  public void respond(int status, Map<String, String> headers, byte[] body) {
    if (answered) {
      throw new IllegalStateException("one response per request");
    }
    answered = true;
    byte[] message =
        Padding.padToBucket(BinaryHttp.encode(BinaryResponse.of(status, fields(headers), body)));
    try {
      response.setStatus(200);
      response.setHeader("Cache-Control", "no-store");
      if (chunkedRequest) {
        response.setContentType(MediaTypes.OHTTP_CHUNKED_RESPONSE);
        OutputStream out = response.getOutputStream();
        context.chunkedResponse(out).finish(message);
        out.flush();
      } else {
        byte[] sealed = context.sealResponse(message);
        response.setContentType(MediaTypes.OHTTP_RESPONSE);
        response.setContentLength(sealed.length);
        response.getOutputStream().write(sealed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Arrays.fill(message, (byte) 0);
    }
  }

  @Override
  public Stream stream(Map<String, String> headers) {
    if (answered) {
      throw new IllegalStateException("one response per request");
    }
    answered = true;
    try {
      response.setStatus(200);
      response.setHeader("Cache-Control", "no-store");
      response.setContentType(MediaTypes.OHTTP_CHUNKED_RESPONSE);
      OutputStream out = response.getOutputStream();
      chunks = context.chunkedResponse(out);
      pieces =
          new IndeterminateResponseWriter(
              piece -> {
                if (finishing) {
                  chunks.finish(piece);
                } else {
                  chunks.writeChunk(piece);
                }
              });
      pieces.head(200, fields(headers));
    } catch (IOException e) {
      return piece -> false;
    }
    return piece -> {
      try {
        pieces.content(piece);
        return true;
      } catch (IOException e) {
        return false;
      }
    };
  }

  /** Ends a streamed answer with its final chunk; nothing for a whole one. */
  void end() throws IOException {
    if (pieces != null && !chunks.isFinished()) {
      finishing = true;
      pieces.finish();
    }
  }

  private static List<Field> fields(Map<String, String> headers) {
    List<Field> out = new ArrayList<>(headers.size());
    String type = headers.get("content-type");
    if (type != null) {
      out.add(new Field("content-type", type));
    }
    headers.forEach(
        (k, v) -> {
          if (!k.equals("content-type")) {
            out.add(new Field(k, v));
          }
        });
    return out;
  }
}
