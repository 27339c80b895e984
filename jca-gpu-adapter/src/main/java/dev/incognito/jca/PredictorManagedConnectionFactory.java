package dev.incognito.jca;

import dev.incognito.inference.api.PredictorConnection;
import dev.incognito.inference.api.PredictorConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.io.PrintWriter;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * Makes the managed connections the container pools. All connections are alike (no credentials, no
 * per-request information), so any pooled one matches any request.
 */
@ConnectionDefinition(
    connectionFactory = PredictorConnectionFactory.class,
    connectionFactoryImpl = PredictorConnectionFactoryImpl.class,
    connection = PredictorConnection.class,
    connectionImpl = PredictorConnectionHandle.class)
public class PredictorManagedConnectionFactory
    implements ManagedConnectionFactory, ResourceAdapterAssociation {

  private static final long serialVersionUID = 1L;

  private transient PredictorResourceAdapter adapter;
  private transient PrintWriter logWriter;

  @Override
  public Object createConnectionFactory(ConnectionManager manager) {
    return new PredictorConnectionFactoryImpl(this, manager);
  }

  @Override
  public Object createConnectionFactory() throws ResourceException {
    throw new jakarta.resource.NotSupportedException(
        "the predictor runs only inside an application server");
  }

  @Override
  public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
      throws ResourceException {
    if (adapter == null) {
      throw new jakarta.resource.spi.IllegalStateException(
          "the connection factory is not associated with the predictor resource adapter");
    }
    return new PredictorManagedConnection(adapter);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public ManagedConnection matchManagedConnections(
      Set connections, Subject subject, ConnectionRequestInfo info) {
    for (Object c : connections) {
      if (c instanceof PredictorManagedConnection m && m.adapter() == adapter) {
        return m;
      }
    }
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public ResourceAdapter getResourceAdapter() {
    return adapter;
  }

  @Override
  public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
    if (!(ra instanceof PredictorResourceAdapter p)) {
      throw new jakarta.resource.spi.IllegalStateException(
          "expected the predictor resource adapter");
    }
    this.adapter = p;
  }

  // One factory per deployed connection definition; identity is enough.
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
