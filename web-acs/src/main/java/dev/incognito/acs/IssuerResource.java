package dev.incognito.acs;

import dev.incognito.protocol.token.MalformedTokenException;
import dev.incognito.protocol.token.TokenException;
import dev.incognito.protocol.token.TokenRequest;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * The issuer endpoints, RFC 9578 §4 and §6: the directory and token requests. Token requests are
 * authenticated by the container (see web.xml); the person's name is used only for the quota.
 */
@Path("")
public class IssuerResource {

  static final String REQUEST_TYPE = "application/private-token-request";
  static final String RESPONSE_TYPE = "application/private-token-response";
  static final String DIRECTORY_TYPE = "application/private-token-issuer-directory";

  @Inject Issuer issuer;

  /** The issuer directory, RFC 9578 §4. */
  @GET
  @Path(".well-known/private-token-issuer-directory")
  @Produces(DIRECTORY_TYPE)
  public Response directory(@Context UriInfo uri) {
    JsonArrayBuilder keys = Json.createArrayBuilder();
    for (IssuerKeyRing.Entry e : issuer.keys().current(Instant.now())) {
      keys.add(
          Json.createObjectBuilder()
              .add("token-type", 2)
              .add("token-key", Base64.getUrlEncoder().encodeToString(e.key().tokenKey().encoded()))
              .add("not-before", e.notBefore().getEpochSecond()));
    }
    String body =
        Json.createObjectBuilder()
            // an absolute path: a relative reference would resolve against the directory's own URL
            .add("issuer-request-uri", uri.getBaseUri().getRawPath() + "token-request")
            .add("token-keys", keys)
            .build()
            .toString();
    return Response.ok(body, DIRECTORY_TYPE).header("Cache-Control", "max-age=300").build();
  }

  /** A token request, RFC 9578 §6.2. */
  @POST
  @Path("token-request")
  @Consumes(MediaType.WILDCARD)
  public Response tokenRequest(
      InputStream body, @Context HttpHeaders headers, @Context SecurityContext security)
      throws IOException {
    MediaType type = headers.getMediaType();
    if (type == null || !REQUEST_TYPE.equals(type.getType() + "/" + type.getSubtype())) {
      return Problems.of(415, "Unsupported media type", "expected " + REQUEST_TYPE);
    }
    if (security.getUserPrincipal() == null) {
      return Problems.of(401, "Not authenticated", "token requests need the enterprise login");
    }
    byte[] bytes = body.readNBytes(TokenRequest.MAX_ENCODED_BYTES + 1);
    if (bytes.length > TokenRequest.MAX_ENCODED_BYTES) {
      return Problems.of(
          413, "Token request too large", "at most " + TokenRequest.MAX_ENCODED_BYTES + " bytes");
    }
    TokenRequest request;
    try {
      request = TokenRequest.decode(bytes);
    } catch (MalformedTokenException e) {
      return Problems.of(400, "Malformed token request", e.getMessage());
    }
    IssuerKeyRing.Entry key = issuer.keys().issuing(Instant.now());
    if (request.truncatedTokenKeyId() != key.key().tokenKey().truncatedTokenKeyId()) {
      return Problems.of(
          400, "Unknown token key", "the request names a key this issuer does not issue with");
    }
    if (!issuer.quota().tryTake(security.getUserPrincipal().getName(), IssuanceQuota.today())) {
      long retry = Duration.between(LocalTime.now(ZoneOffset.UTC), LocalTime.MAX).toSeconds() + 1;
      return Response.fromResponse(
              Problems.of(
                  429,
                  "Daily token quota used",
                  "at most " + issuer.quota().perDay() + " tokens per person per day"))
          .header("Retry-After", retry)
          .build();
    }
    try {
      byte[] response = key.key().issue(request);
      return Response.ok(response, RESPONSE_TYPE).header("Cache-Control", "no-store").build();
    } catch (TokenException e) {
      return Problems.of(400, "Token request rejected", e.getMessage());
    }
  }
}
