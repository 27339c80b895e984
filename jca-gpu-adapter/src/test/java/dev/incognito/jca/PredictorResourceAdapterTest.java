package dev.incognito.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.inference.api.ChatMessage;
import dev.incognito.inference.api.Completion;
import dev.incognito.inference.api.CompletionRequest;
import dev.incognito.inference.api.PredictorConnection;
import dev.incognito.inference.api.PredictorException;
import dev.incognito.inference.api.SamplingParams;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ResourceAdapterInternalException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter's lifecycle and connection contract with the engine's built-in demo model. */
class PredictorResourceAdapterTest {

  private static PredictorResourceAdapter demoAdapter() {
    PredictorResourceAdapter ra = new PredictorResourceAdapter();
    ra.setThreads(1);
    ra.setMaxConcurrentSequences(2);
    ra.setDefaultMaxTokens(8);
    ra.setMaxTokens(16);
    ra.setContextLength(256);
    ra.setBackend("cpu");
    return ra;
  }

  /**
   * Starts the demo adapter, or skips the test while the inference module has no forward pass to
   * serve the demo model with (the engine then refuses to start, which {@link
   * #start_failsNamingAMissingModelFile} covers for a real file).
   */
  private static PredictorResourceAdapter startedDemo() throws Exception {
    PredictorResourceAdapter ra = demoAdapter();
    try {
      ra.start(null);
    } catch (ResourceAdapterInternalException e) {
      Assumptions.assumeFalse(
          e.getMessage().contains("no CPU forward pass"), "the engine cannot run the demo model");
      throw e;
    }
    return ra;
  }

  @Test
  void start_servesTheDemoModelThroughAHandleAndStopClosesIt() throws Exception {
    PredictorResourceAdapter ra = startedDemo();
    try {
      PredictorManagedConnectionFactory mcf = new PredictorManagedConnectionFactory();
      mcf.setResourceAdapter(ra);
      PredictorManagedConnection mc =
          (PredictorManagedConnection) mcf.createManagedConnection(null, null);
      List<ConnectionEvent> events = new ArrayList<>();
      mc.addConnectionEventListener(new Recorder(events));
      Completion c;
      try (PredictorConnection conn = (PredictorConnection) mc.getConnection(null, null)) {
        assertTrue(conn.modelInfo().demo());
        c =
            conn.complete(
                CompletionRequest.chat(
                    List.of(new ChatMessage(ChatMessage.Role.USER, "hello")),
                    SamplingParams.greedy(),
                    8),
                piece -> true);
      }
      assertTrue(c.completionTokens() >= 1 && c.completionTokens() <= 8);
      assertEquals(1, events.size(), "closing the handle returns the connection to the pool");
      assertEquals(ConnectionEvent.CONNECTION_CLOSED, events.get(0).getId());
      assertTrue(mcf.matchManagedConnections(Set.of(mc), null, null) == mc);
    } finally {
      ra.stop();
    }
    var e = assertThrows(PredictorException.class, ra::engine);
    assertEquals(PredictorException.Kind.UNAVAILABLE, e.kind());
  }

  @Test
  void handle_failsAfterTheContainerCleansUp() throws Exception {
    PredictorResourceAdapter ra = startedDemo();
    try {
      PredictorManagedConnectionFactory mcf = new PredictorManagedConnectionFactory();
      mcf.setResourceAdapter(ra);
      var mc = mcf.createManagedConnection(null, null);
      PredictorConnection conn = (PredictorConnection) mc.getConnection(null, null);
      mc.cleanup();
      var e =
          assertThrows(
              PredictorException.class,
              () ->
                  conn.complete(
                      CompletionRequest.prompt("x", SamplingParams.greedy(), 1), piece -> true));
      assertEquals(PredictorException.Kind.UNAVAILABLE, e.kind());
    } finally {
      ra.stop();
    }
  }

  @Test
  void start_failsNamingAMissingModelFile(@TempDir Path dir) {
    PredictorResourceAdapter ra = demoAdapter();
    Path missing = dir.resolve("absent.gguf");
    ra.setModelPath(missing.toString());
    var e = assertThrows(ResourceAdapterInternalException.class, () -> ra.start(null));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void start_failsNamingACorruptModelFile(@TempDir Path dir) throws Exception {
    PredictorResourceAdapter ra = demoAdapter();
    Path corrupt = dir.resolve("corrupt.gguf");
    Files.write(corrupt, new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0, 1, 2, 3});
    ra.setModelPath(corrupt.toString());
    var e = assertThrows(ResourceAdapterInternalException.class, () -> ra.start(null));
    assertTrue(e.getMessage().contains("corrupt.gguf"), e.getMessage());
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
  }

  @Test
  void start_rejectsAnUnknownBackend() {
    PredictorResourceAdapter ra = demoAdapter();
    ra.setBackend("tpu");
    var e = assertThrows(ResourceAdapterInternalException.class, () -> ra.start(null));
    assertTrue(e.getMessage().contains("auto, cpu or cuda"), e.getMessage());
  }

  private record Recorder(List<ConnectionEvent> events) implements ConnectionEventListener {
    @Override
    public void connectionClosed(ConnectionEvent event) {
      events.add(event);
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {}

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {}

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {}

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {}
  }
}
