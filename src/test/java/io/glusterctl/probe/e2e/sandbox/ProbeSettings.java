package io.glusterctl.probe.e2e.sandbox;

import java.util.List;
import java.util.OptionalInt;

/**
 * One probe of the container spec, in cluster seconds (the kubelet scales them with its {@link
 * TimeScale}): an {@code exec} probe (a command run in the container) or a {@code tcpSocket} probe
 * (a TCP connection to the pod's address on a port).
 *
 * @param command the exec command, e.g. {@code [glusterctl-probe, liveness]}; empty for a TCP probe
 * @param tcpPort the port of a {@code tcpSocket} probe; empty for an exec probe
 * @param initialDelaySeconds time after the container start before the first run
 * @param periodSeconds time between the starts of two runs
 * @param timeoutSeconds a run still going then is killed and counts as a failure
 * @param failureThreshold consecutive failures that make the probe fail
 * @param successThreshold consecutive successes that make it succeed again
 */
public record ProbeSettings(
    List<String> command,
    OptionalInt tcpPort,
    int initialDelaySeconds,
    int periodSeconds,
    int timeoutSeconds,
    int failureThreshold,
    int successThreshold) {

  public ProbeSettings {
    command = List.copyOf(command);
    if (command.isEmpty() == tcpPort.isEmpty()
        || periodSeconds < 1
        || timeoutSeconds < 1
        || failureThreshold < 1
        || successThreshold < 1
        || initialDelaySeconds < 0) {
      throw new IllegalArgumentException(
          "not a valid probe: "
              + command
              + " "
              + tcpPort
              + " "
              + initialDelaySeconds
              + "/"
              + periodSeconds
              + "/"
              + timeoutSeconds
              + "/"
              + failureThreshold
              + "/"
              + successThreshold);
    }
  }

  /** An exec probe. */
  public ProbeSettings(
      List<String> command,
      int initialDelaySeconds,
      int periodSeconds,
      int timeoutSeconds,
      int failureThreshold,
      int successThreshold) {
    this(
        command,
        OptionalInt.empty(),
        initialDelaySeconds,
        periodSeconds,
        timeoutSeconds,
        failureThreshold,
        successThreshold);
  }

  /** A {@code tcpSocket} probe on {@code port}. */
  public static ProbeSettings tcpSocket(
      int port,
      int initialDelaySeconds,
      int periodSeconds,
      int timeoutSeconds,
      int failureThreshold,
      int successThreshold) {
    return new ProbeSettings(
        List.of(),
        OptionalInt.of(port),
        initialDelaySeconds,
        periodSeconds,
        timeoutSeconds,
        failureThreshold,
        successThreshold);
  }

  /** The same probe with this command (an exec probe). */
  public ProbeSettings withCommand(List<String> newCommand) {
    return new ProbeSettings(
        newCommand,
        initialDelaySeconds,
        periodSeconds,
        timeoutSeconds,
        failureThreshold,
        successThreshold);
  }
}
