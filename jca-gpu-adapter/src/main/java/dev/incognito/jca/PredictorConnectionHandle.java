package dev.incognito.jca;

import dev.incognito.inference.api.Completion;
import dev.incognito.inference.api.CompletionRequest;
import dev.incognito.inference.api.ModelInfo;
import dev.incognito.inference.api.PredictorConnection;
import dev.incognito.inference.api.PredictorException;
import dev.incognito.inference.api.TokenSink;

/**
 * The connection handle an application holds between {@code getConnection()} and {@code close()}.
 * After close (or after the container cleaned up its managed connection) every call fails with
 * {@link PredictorException.Kind#UNAVAILABLE}.
 */
public final class PredictorConnectionHandle implements PredictorConnection {

  private volatile PredictorManagedConnection managed;

  PredictorConnectionHandle(PredictorManagedConnection managed) {
    this.managed = managed;
  }

  private PredictorManagedConnection managed() throws PredictorException {
    PredictorManagedConnection m = managed;
    if (m == null) {
      throw new PredictorException(
          PredictorException.Kind.UNAVAILABLE, "the predictor connection is closed");
    }
    return m;
  }

  @Override
  public ModelInfo modelInfo() {
    try {
      return managed().modelInfo();
    } catch (PredictorException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public Completion complete(CompletionRequest request, TokenSink sink) throws PredictorException {
    return managed().complete(request, sink);
  }

  @Override
  public void close() {
    PredictorManagedConnection m = managed;
    managed = null;
    if (m != null) {
      m.closed(this);
    }
  }

  void associate(PredictorManagedConnection m) {
    PredictorManagedConnection old = managed;
    if (old != null && old != m) {
      old.dissociate(this);
    }
    managed = m;
  }

  void invalidate() {
    managed = null;
  }
}
