package dev.incognito.gateway;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's own error responses (an authentication challenge, an unknown path) as problem
 * details instead of the server's HTML page; web.xml routes them here. The status and the
 * container's challenge header are kept; no exception detail is shown.
 */
@WebServlet(urlPatterns = "/problem")
public class ErrorPageServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 404;
    String title =
        switch (status) {
          case 400 -> "Bad request";
          case 401 -> "Not authenticated";
          case 403 -> "Forbidden";
          case 404 -> "Not found";
          case 405 -> "Method not allowed";
          default -> status >= 500 ? "Internal error" : "Request not served";
        };
    Problems.send(response, status, title, "request not served");
  }
}
