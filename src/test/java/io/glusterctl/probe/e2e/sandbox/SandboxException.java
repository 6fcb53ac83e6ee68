package io.glusterctl.probe.e2e.sandbox;

/**
 * The sandbox could not do what it was asked: a command failed, a wait ran out, a pod is not there.
 */
public class SandboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SandboxException(String message) {
    super(message);
  }

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
