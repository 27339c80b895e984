/**
 * The predictor contract that applications see: a connection factory, an {@code AutoCloseable}
 * connection, and the request and result records. The coordinator reaches the predictor only
 * through the JCA resource adapter, which implements {@link PredictorConnectionFactory}; the
 * command line and the benchmarks use the same types on a local engine.
 */
package dev.incognito.inference.api;
