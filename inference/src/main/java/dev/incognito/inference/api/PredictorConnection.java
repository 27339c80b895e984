package dev.incognito.inference.api;

/** A connection to the predictor. Close it when the request ends (try-with-resources). */
public interface PredictorConnection extends AutoCloseable {

  /** The model being served. */
  ModelInfo modelInfo();

  /**
   * Generates one completion, streaming each decoded piece to {@code sink} as it is produced. The
   * sequence's KV cache belongs to this call and is cleared before it returns.
   */
  Completion complete(CompletionRequest request, TokenSink sink) throws PredictorException;

  /** Returns the connection; never throws. */
  @Override
  void close();
}
