package dev.incognito.client.bundle;

/** The gateway's bundle is malformed or lacks a field the device needs. */
public class BundleException extends Exception {

  private static final long serialVersionUID = 1L;

  public BundleException(String message) {
    super(message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
