package dev.incognito.coordinator;

import dev.incognito.inference.api.ModelInfo;
import dev.incognito.inference.api.PredictorException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the predictor answers with its model — loaded, on which backend, and whether it is the
 * demo model. Public facts only (the bundle publishes them too).
 */
@Readiness
@ApplicationScoped
public class PredictorReadiness implements HealthCheck {

  @Inject Predictor predictor;

  @Override
  public HealthCheckResponse call() {
    try {
      ModelInfo model = predictor.model();
      return HealthCheckResponse.named("incognito-predictor")
          .up()
          .withData("model", model.id())
          .withData("backend", model.backend())
          .withData("demo", model.demo())
          .withData("weights_sha256", model.weightsSha256())
          .build();
    } catch (PredictorException e) {
      return HealthCheckResponse.named("incognito-predictor")
          .down()
          .withData("reason", e.kind().name())
          .build();
    }
  }
}
