package dev.incognito.jca;

import dev.incognito.inference.api.PredictorConnection;
import dev.incognito.inference.api.PredictorConnectionFactory;
import dev.incognito.inference.api.PredictorException;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import java.io.Serializable;
import javax.naming.Reference;

/** What applications look up: asks the container's pool for a connection handle. */
public class PredictorConnectionFactoryImpl
    implements PredictorConnectionFactory, Serializable, Referenceable {

  private static final long serialVersionUID = 1L;

  private final transient PredictorManagedConnectionFactory factory;
  private final transient ConnectionManager manager;
  private Reference reference;

  PredictorConnectionFactoryImpl(
      PredictorManagedConnectionFactory factory, ConnectionManager manager) {
    this.factory = factory;
    this.manager = manager;
  }

  @Override
  public PredictorConnection getConnection() throws PredictorException {
    try {
      return (PredictorConnection) manager.allocateConnection(factory, null);
    } catch (ResourceException e) {
      throw new PredictorException(
          PredictorException.Kind.UNAVAILABLE,
          "no predictor connection available: " + e.getMessage(),
          e);
    }
  }

  @Override
  public void setReference(Reference reference) {
    this.reference = reference;
  }

  @Override
  public Reference getReference() {
    return reference;
  }
}
