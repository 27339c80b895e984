package dev.incognito.inference.api;

/**
 * The connection factory the coordinator injects with {@code @Resource}; implemented by the JCA
 * resource adapter.
 */
public interface PredictorConnectionFactory {

  PredictorConnection getConnection() throws PredictorException;
}
