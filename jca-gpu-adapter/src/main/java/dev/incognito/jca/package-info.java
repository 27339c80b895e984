/**
 * The JCA resource adapter (Jakarta Connectors 2.1) that serves the predictor. {@link
 * dev.incognito.jca.PredictorResourceAdapter} starts the inference engine when the adapter starts
 * and closes it when the adapter stops; the container pools {@link
 * dev.incognito.jca.PredictorManagedConnection}s and hands applications {@code AutoCloseable}
 * connection handles that implement {@link dev.incognito.inference.api.PredictorConnection}.
 * Applications see only {@code dev.incognito.inference.api}; everything here but the adapter bean
 * is package-private in spirit, public only where the Connectors specification requires it.
 */
package dev.incognito.jca;
