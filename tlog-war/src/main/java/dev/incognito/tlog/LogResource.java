package dev.incognito.tlog;

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

/**
 * C2SP tlog-tiles read paths ({@code checkpoint}, {@code tile/…}, {@code tile/entries/…}), the
 * log's verifier key, and {@code add}, which web.xml restricts to the publisher role.
 */
@Path("/")
@RequestScoped
public class LogResource {

  private static final String NOTE = "text/plain; charset=utf-8";

  @Inject LogHolder holder;

  @GET
  @Path("checkpoint")
  @Produces(NOTE)
  public Response checkpoint() {
    CacheControl cache = new CacheControl();
    cache.setNoCache(true);
    return Response.ok(holder.log().signedCheckpoint()).cacheControl(cache).build();
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
