package dev.incognito.gateway;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/** Problem details for the JAX-RS endpoints; every error leaves as one, never as a stack trace. */
final class ProblemResponses {

  private ProblemResponses() {}

  static Response of(int status, String title, String detail) {
    return Response.status(status)
        .type(Problems.TYPE)
        .entity(Problems.body("about:blank", status, title, detail))
        .build();
  }

  /** HTTP errors raised by the JAX-RS runtime (404, 405, 403, ...). */
  @Provider
  public static class WebErrors implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse().getStatus();
      Response.Status s = Response.Status.fromStatusCode(status);
      Response.ResponseBuilder b =
          Response.fromResponse(
              of(status, s == null ? "Error" : s.getReasonPhrase(), "request not served"));
      String allow = e.getResponse().getHeaderString("Allow");
      if (allow != null) {
        b.header("Allow", allow);
      }
      return b.build();
    }
  }

  /** Anything else: a 500 without details; only the exception's type is logged. */
  @Provider
  public static class Unexpected implements ExceptionMapper<RuntimeException> {
    private static final Logger LOG = Logger.getLogger(Unexpected.class.getName());

    @Override
    public Response toResponse(RuntimeException e) {
      if (e instanceof WebApplicationException w) {
        return new WebErrors().toResponse(w);
      }
      LOG.warning(() -> "gateway failure: " + e.getClass().getSimpleName());
      return of(500, "Internal error", "the gateway could not serve the request");
    }
  }
}
