package dev.incognito.acs;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every error leaves as problem details, never as a stack trace. */
final class ProblemMappers {

  private ProblemMappers() {}

  /** HTTP errors raised by the JAX-RS runtime (404, 405, ...). */
  @Provider
  public static class WebErrors implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      return Problems.of(
          status,
          Response.Status.fromStatusCode(status) == null
              ? "Error"
              : Response.Status.fromStatusCode(status).getReasonPhrase(),
          "request not served");
    }
  }

  /** Anything else: a 500 without details; the cause is logged without request content. */
  @Provider
  public static class Unexpected implements ExceptionMapper<RuntimeException> {
    private static final Logger LOG = Logger.getLogger(Unexpected.class.getName());

    @Override
    public Response toResponse(RuntimeException e) {
      if (e instanceof WebApplicationException w) {
        return new WebErrors().toResponse(w);
      }
      LOG.log(Level.SEVERE, "issuer failure: " + e.getClass().getSimpleName(), e);
      return Problems.of(500, "Internal error", "the issuer could not serve the request");
    }
  }
}
