package io.glusterctl.probe.e2e.sandbox;

import java.util.List;

/**
 * One exec probe of the container spec, in cluster seconds (the kubelet scales them with its {@link
 * TimeScale}).
 *
 * @param command the exec command, e.g. {@code [glusterctl-probe, liveness]}
 * @param initialDelaySeconds time after the container start before the first run
 * @param periodSeconds time between the starts of two runs
 * @param timeoutSeconds a run still going then is killed and counts as a failure
 * @param failureThreshold consecutive failures that make the probe fail
 * @param successThreshold consecutive successes that make it succeed again
 */
public record ProbeSettings(
    List<String> command,
    int initialDelaySeconds,
    int periodSeconds,
    int timeoutSeconds,
    int failureThreshold,
    int successThreshold) {

  public ProbeSettings {
    command = List.copyOf(command);
    if (command.isEmpty() || periodSeconds < 1 || timeoutSeconds < 1 || failureThreshold < 1
        || successThreshold < 1 || initialDelaySeconds < 0) {
      throw new IllegalArgumentException("not a valid probe: " + command + " " + initialDelaySeconds
          + "/" + periodSeconds + "/" + timeoutSeconds + "/" + failureThreshold + "/" + successThreshold);
    }
  }
}
