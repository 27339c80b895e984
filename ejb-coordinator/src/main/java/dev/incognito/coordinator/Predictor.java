package dev.incognito.coordinator;

import dev.incognito.inference.api.Completion;
import dev.incognito.inference.api.CompletionRequest;
import dev.incognito.inference.api.ModelInfo;
import dev.incognito.inference.api.PredictorConnection;
import dev.incognito.inference.api.PredictorConnectionFactory;
import dev.incognito.inference.api.PredictorException;
import dev.incognito.inference.api.TokenSink;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The predictor as the coordinator calls it: one pooled JCA connection per completion, closed when
 * the completion ends, behind MicroProfile Fault Tolerance. The timeout and the bulkhead are
 * configurable with the standard keys ({@code dev.incognito.coordinator.Predictor/complete/Timeout/
 * value}, seconds; {@code …/Bulkhead/value}).
 */
@ApplicationScoped
public class Predictor {

  @Resource(lookup = Coordinator.PREDICTOR)
  PredictorConnectionFactory connections;

  private volatile ModelInfo model;

  /**
   * Generates one completion. The sink stops generation when the calling thread is interrupted (the
   * timeout fired) or when {@code sink} itself asks to.
   */
  @Timeout(value = 600, unit = ChronoUnit.SECONDS)
  @Bulkhead(16)
  public Completion complete(CompletionRequest request, TokenSink sink) throws PredictorException {
    try (PredictorConnection c = connections.getConnection()) {
      return c.complete(
          request, piece -> !Thread.currentThread().isInterrupted() && sink.accept(piece));
    }
  }

  /** The model being served; read once, since it cannot change while the adapter runs. */
  public ModelInfo model() throws PredictorException {
    ModelInfo m = model;
    if (m == null) {
      try (PredictorConnection c = connections.getConnection()) {
        m = c.modelInfo();
      } catch (IllegalStateException e) {
        throw new PredictorException(
            PredictorException.Kind.UNAVAILABLE, "the predictor is not available", e);
      }
      model = m;
    }
    return m;
  }
}
