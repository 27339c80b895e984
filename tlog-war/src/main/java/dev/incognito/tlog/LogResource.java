package dev.incognito.tlog;

import dev.incognito.protocol.tlog.LogVerificationException;
import dev.incognito.protocol.tlog.NoteVerificationException;
import dev.incognito.protocol.tlog.TilePaths;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * C2SP tlog-tiles read paths ({@code checkpoint}, {@code tile/…}, {@code tile/entries/…}), the
 * log's verifier key, and {@code add}, which web.xml restricts to the publisher role.
 */
@Path("/")
@RequestScoped
public class LogResource {

  private static final String NOTE = "text/plain; charset=utf-8";

  /** Largest cosignature line accepted. */
  static final int MAX_COSIGNATURE_LINE_BYTES = 1024;

  @Inject LogHolder holder;

  @GET
  @Path("checkpoint")
  @Produces(NOTE)
  public Response checkpoint() throws NoteVerificationException {
    CacheControl cache = new CacheControl();
    cache.setNoCache(true);
    TransparencyLog.Published now = holder.log().published();
    return Response.ok(holder.witnesses().cosigned(now.note(), now.checkpoint()))
        .cacheControl(cache)
        .build();
  }

  /**
   * A witness posts its cosignature line over the current checkpoint (C2SP tlog-cosignature/v1);
   * only configured witnesses are accepted.
   */
  @POST
  @Path("cosignature")
  @Consumes(MediaType.TEXT_PLAIN)
  public Response cosignature(InputStream body) throws IOException {
    byte[] line = body.readNBytes(MAX_COSIGNATURE_LINE_BYTES + 1);
    if (line.length > MAX_COSIGNATURE_LINE_BYTES) {
      return Problems.of(413, "Cosignature too large", "one signature line is expected");
    }
    try {
      holder
          .witnesses()
          .accept(holder.log().checkpoint(), new String(line, StandardCharsets.UTF_8));
    } catch (LogVerificationException e) {
      return Problems.of(
          409,
          "Cosignature not accepted",
          "the cosignature is not over the current checkpoint by a configured witness: "
              + e.getMessage());
    }
    return Response.noContent().build();
  }

  @GET
  @Path("log-key")
  @Produces(NOTE)
  public String verifierKey() {
    return holder.log().verifierKey() + "\n";
  }

  @GET
  @Path("tile/{path: .+}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  public Response tile(@PathParam("path") String path) throws IOException {
    TilePaths.Tile tile;
    try {
      tile = TilePaths.parse("tile/" + path);
    } catch (IllegalArgumentException e) {
      return Problems.of(400, "Bad tile path", "the path is not a C2SP tlog-tiles path");
    }
    byte[] body = holder.log().read(tile.path()).orElse(null);
    if (body == null) {
      return Problems.of(404, "No such tile", "the log has no tile " + tile.path());
    }
    CacheControl cache = new CacheControl();
    if (tile.isPartial()) {
      cache.setNoCache(true);
    } else {
      cache.setMaxAge(365 * 24 * 3600); // full tiles never change
    }
    return Response.ok(body).cacheControl(cache).build();
  }

  @POST
  @Path("add")
  @Consumes(MediaType.APPLICATION_OCTET_STREAM)
  @Produces(MediaType.APPLICATION_JSON)
  public Response add(InputStream body) throws IOException {
    byte[] entry = body.readNBytes(TransparencyLog.MAX_ENTRY_BYTES + 1);
    if (entry.length > TransparencyLog.MAX_ENTRY_BYTES) {
      return Problems.of(
          413,
          "Entry too large",
          "entries are at most " + TransparencyLog.MAX_ENTRY_BYTES + " bytes");
    }
    if (entry.length == 0) {
      return Problems.of(400, "Empty entry", "an entry needs at least one byte");
    }
    long index = holder.log().append(entry);
    return Response.ok(
            Json.createObjectBuilder()
                .add("index", index)
                .add("tree_size", holder.log().checkpoint().size())
                .build()
                .toString())
        .build();
  }
}
