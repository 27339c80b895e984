package dev.incognito.coordinator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The coordinator's MicroProfile Metrics (application scope). Labels carry only fixed vocabularies
 * — a route from a fixed list, a status class, a policy category id — never request content, tokens
 * or addresses. Outside a container (the coordinator's unit tests) there is no registry and nothing
 * is recorded.
 */
@ApplicationScoped
public class Observations {

  @Inject
  @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
  MetricRegistry registry;

  /** One inner request answered: {@code route} is a fixed route name or "other". */
  void answered(String route, int status, Duration elapsed) {
    if (registry == null) {
      return;
    }
    Tag r = new Tag("route", route);
    registry.counter("incognito_requests_total", r, new Tag("outcome", outcome(status))).inc();
    registry.timer("incognito_request_duration", r).update(elapsed);
  }

  /** The safety policy refused a request or an answer in {@code category}. */
  void refused(String category) {
    if (registry == null) {
      return;
    }
    registry.counter("incognito_refusals_total", new Tag("category", category)).inc();
  }

  /** Tokens generated for one answer over its generation time. */
  void generated(int tokens, Duration elapsed) {
    if (registry != null && tokens > 0 && !elapsed.isZero()) {
      registry
          .histogram("incognito_tokens_per_second")
          .update(Math.round(tokens / (elapsed.toNanos() / 1e9)));
    }
  }

  static String outcome(int status) {
    if (status == 0) {
      return "abandoned";
    }
    return (status / 100) + "xx";
  }
}
