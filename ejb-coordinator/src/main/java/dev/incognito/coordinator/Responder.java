package dev.incognito.coordinator;

import java.util.Map;

/**
 * Where the coordinator writes its answer; implemented by the gateway, which encodes it as Binary
 * HTTP and encapsulates it. Exactly one of {@link #respond} and {@link #stream} is called per
 * request.
 */
public interface Responder {

  /**
   * A whole answer, sent in Binary HTTP's known-length form.
   *
   * @param headers header fields (lower-case names), {@code content-type} among them
   */
  void respond(int status, Map<String, String> headers, byte[] body);

  /**
   * Starts a streamed 200 answer (indeterminate-length Binary HTTP inside chunked OHTTP). The
   * stream ends when {@code handle} returns.
   *
   * @param headers header fields (lower-case names), {@code content-type} among them
   * @return where the body's pieces go, each as soon as it is produced
   */
  Stream stream(Map<String, String> headers);

  /** The body of a streamed answer. */
  interface Stream {
    /**
     * Sends one piece of the body now.
     *
     * @return false when the device went away; the coordinator then stops generating
     */
    boolean send(byte[] piece);
  }
}
