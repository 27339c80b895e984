package dev.incognito.jca;

import dev.incognito.inference.api.PredictorException;
import dev.incognito.inference.engine.Backend;
import dev.incognito.inference.engine.Engine;
import dev.incognito.inference.engine.EngineOptions;
import dev.incognito.inference.engine.ModelLoadException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;

/**
 * The predictor resource adapter. Its configuration properties are set by the deployer (the RAR's
 * defaults below, overridden with {@code asadmin create-resource-adapter-config} or the admin
 * console); {@link #start} loads the model and fails the deployment with one message naming the
 * file and the problem when it cannot; {@link #stop} closes the engine.
 */
@Connector(
    displayName = "Incognito predictor",
    description = "Serves chat completions from a local model on the GPU or CPU",
    vendorName = "Incognito",
    eisType = "Incognito predictor",
    version = "1.0",
    transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
    reauthenticationSupport = false)
public class PredictorResourceAdapter implements jakarta.resource.spi.ResourceAdapter {

  private static final Logger LOG = Logger.getLogger(PredictorResourceAdapter.class.getName());

  @ConfigProperty(
      description =
          "Path of the model weights (GGUF). Empty: the built-in demo model, whose output is"
              + " meaningless.",
      defaultValue = "")
  private String modelPath = "";

  @ConfigProperty(
      description =
          "Path of the tokenizer (tokenizer.json) when the weights do not carry one. Empty: the"
              + " model's own.",
      defaultValue = "")
  private String tokenizerPath = "";

  @ConfigProperty(
      description = "Compute backend: auto (CUDA when a GPU is usable, else CPU), cpu or cuda.",
      defaultValue = "auto")
  private String backend = "auto";

  @ConfigProperty(
      description = "CPU threads for the forward pass; 0 uses every available processor.",
      defaultValue = "0")
  private Integer threads = 0;

  @ConfigProperty(
      description = "Sequences generated at the same time; requests beyond it are refused.",
      defaultValue = "4")
  private Integer maxConcurrentSequences = 4;

  @ConfigProperty(
      description = "Tokens of context per sequence; 0 uses the model's own context length.",
      defaultValue = "0")
  private Integer contextLength = 0;

  @ConfigProperty(
      description = "Tokens generated when a request names no max_tokens.",
      defaultValue = "256")
  private Integer defaultMaxTokens = 256;

  @ConfigProperty(
      description = "Largest max_tokens a request may ask for; at most the context length.",
      defaultValue = "1024")
  private Integer maxTokens = 1024;

  private volatile Engine engine;

  @Override
  public void start(BootstrapContext context) throws ResourceAdapterInternalException {
    EngineOptions options = options();
    Optional<Path> model = options.model();
    if (model.isPresent() && !Files.isReadable(model.get())) {
      throw new ResourceAdapterInternalException(
          "model file " + model.get() + ": does not exist or is not readable");
    }
    LOG.info(
        () ->
            "predictor starting: "
                + model.map(p -> "model " + p).orElse("built-in demo model")
                + ", backend "
                + backend);
    try {
      engine = Engine.start(options, progress -> LOG.info(() -> "predictor: " + progress));
    } catch (ModelLoadException e) {
      throw new ResourceAdapterInternalException(
          model.map(p -> "model file " + p).orElse("built-in demo model") + ": " + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      throw new ResourceAdapterInternalException(
          "predictor failed to start: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
    LOG.info(() -> "predictor ready: " + describe(engine));
  }

  private static String describe(Engine e) {
    var info = e.modelInfo();
    return info.id()
        + " on "
        + info.backend()
        + ", context "
        + info.contextLength()
        + (info.demo() ? " (DEMO MODEL: output is meaningless)" : "");
  }

  /** The engine options from the configuration properties; rejects what cannot be served. */
  EngineOptions options() throws ResourceAdapterInternalException {
    Backend b;
    try {
      b = Backend.valueOf(backend.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ResourceAdapterInternalException(
          "Backend must be auto, cpu or cuda, not '" + backend + "'");
    }
    EngineOptions d = EngineOptions.defaults();
    try {
      return new EngineOptions(
          path(modelPath),
          path(tokenizerPath),
          b,
          threads == 0 ? d.threads() : threads,
          maxConcurrentSequences,
          contextLength == 0 ? d.contextLength() : contextLength,
          defaultMaxTokens,
          maxTokens);
    } catch (IllegalArgumentException e) {
      throw new ResourceAdapterInternalException(
          "invalid predictor configuration: " + e.getMessage(), e);
    }
  }

  private static Optional<Path> path(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }

  @Override
  public void stop() {
    Engine e = engine;
    engine = null;
    if (e != null) {
      e.close();
      LOG.info("predictor stopped");
    }
  }

  /** The running engine, for managed connections. */
  Engine engine() throws PredictorException {
    Engine e = engine;
    if (e == null) {
      throw new PredictorException(
          PredictorException.Kind.UNAVAILABLE, "the predictor is not started");
    }
    return e;
  }

  @Override
  public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
      throws ResourceException {
    throw new jakarta.resource.NotSupportedException("the predictor has no inbound messages");
  }

  @Override
  public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {}

  @Override
  public XAResource[] getXAResources(ActivationSpec[] specs) {
    return new XAResource[0];
  }

  // JavaBean accessors: the container sets configuration properties through them.

  public String getModelPath() {
    return modelPath;
  }

  public void setModelPath(String modelPath) {
    this.modelPath = modelPath;
  }

  public String getTokenizerPath() {
    return tokenizerPath;
  }

  public void setTokenizerPath(String tokenizerPath) {
    this.tokenizerPath = tokenizerPath;
  }

  public String getBackend() {
    return backend;
  }

  public void setBackend(String backend) {
    this.backend = backend;
  }

  public Integer getThreads() {
    return threads;
  }

  public void setThreads(Integer threads) {
    this.threads = threads;
  }

  public Integer getMaxConcurrentSequences() {
    return maxConcurrentSequences;
  }

  public void setMaxConcurrentSequences(Integer maxConcurrentSequences) {
    this.maxConcurrentSequences = maxConcurrentSequences;
  }

  public Integer getContextLength() {
    return contextLength;
  }

  public void setContextLength(Integer contextLength) {
    this.contextLength = contextLength;
  }

  public Integer getDefaultMaxTokens() {
    return defaultMaxTokens;
  }

  public void setDefaultMaxTokens(Integer defaultMaxTokens) {
    this.defaultMaxTokens = defaultMaxTokens;
  }

  public Integer getMaxTokens() {
    return maxTokens;
  }

  public void setMaxTokens(Integer maxTokens) {
    this.maxTokens = maxTokens;
  }

  // The Connectors specification asks resource adapters to define equals and hashCode; each
  // adapter instance is its own identity.
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
