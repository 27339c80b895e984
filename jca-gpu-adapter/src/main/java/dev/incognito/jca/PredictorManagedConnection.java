package dev.incognito.jca;

import dev.incognito.inference.api.Completion;
import dev.incognito.inference.api.CompletionRequest;
import dev.incognito.inference.api.ModelInfo;
import dev.incognito.inference.api.PredictorException;
import dev.incognito.inference.api.TokenSink;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/**
 * One pooled connection to the engine. The engine is shared and thread-safe; a managed connection
 * holds no conversation state, so the pool only bounds how many requests reach the engine at once.
 * Handles it gave out are invalidated on {@link #cleanup} and {@link #destroy}.
 */
final class PredictorManagedConnection implements ManagedConnection {

  private final PredictorResourceAdapter adapter;
  private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
  private final List<PredictorConnectionHandle> handles = new CopyOnWriteArrayList<>();
  private PrintWriter logWriter;
  private volatile boolean destroyed;

  PredictorManagedConnection(PredictorResourceAdapter adapter) {
    this.adapter = adapter;
  }

  PredictorResourceAdapter adapter() {
    return adapter;
  }

  @Override
  public Object getConnection(Subject subject, ConnectionRequestInfo info)
      throws ResourceException {
    if (destroyed) {
      throw new jakarta.resource.spi.IllegalStateException("connection destroyed");
    }
    PredictorConnectionHandle h = new PredictorConnectionHandle(this);
    handles.add(h);
    return h;
  }

  ModelInfo modelInfo() throws PredictorException {
    return adapter.engine().modelInfo();
  }

  Completion complete(CompletionRequest request, TokenSink sink) throws PredictorException {
    return adapter.engine().complete(request, sink);
  }

  /** A handle was closed by the application: tell the container so it returns us to the pool. */
  void closed(PredictorConnectionHandle handle) {
    handles.remove(handle);
    ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
    event.setConnectionHandle(handle);
    for (ConnectionEventListener l : listeners) {
      l.connectionClosed(event);
    }
  }

  @Override
  public void associateConnection(Object connection) throws ResourceException {
    if (!(connection instanceof PredictorConnectionHandle h)) {
      throw new jakarta.resource.spi.IllegalStateException("not a predictor connection handle");
    }
    h.associate(this);
    handles.add(h);
  }

  @Override
  public void cleanup() {
    for (PredictorConnectionHandle h : handles) {
      h.invalidate();
    }
    handles.clear();
  }

  @Override
  public void destroy() {
    destroyed = true;
    cleanup();
    listeners.clear();
  }

  void dissociate(PredictorConnectionHandle handle) {
    handles.remove(handle);
  }

  @Override
  public void addConnectionEventListener(ConnectionEventListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeConnectionEventListener(ConnectionEventListener listener) {
    listeners.remove(listener);
  }

  @Override
  public XAResource getXAResource() throws ResourceException {
    throw new NotSupportedException("the predictor is not transactional");
  }

  @Override
  public LocalTransaction getLocalTransaction() throws ResourceException {
    throw new NotSupportedException("the predictor is not transactional");
  }

  @Override
  public ManagedConnectionMetaData getMetaData() {
    return new ManagedConnectionMetaData() {
      @Override
      public String getEISProductName() {
        return "Incognito predictor";
      }

      @Override
      public String getEISProductVersion() {
        return "1.0";
      }

      @Override
      public int getMaxConnections() {
        return adapter.getMaxConcurrentSequences();
      }

      @Override
      public String getUserName() {
        return "";
      }
    };
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }
}
