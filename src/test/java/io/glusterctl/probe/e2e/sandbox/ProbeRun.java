package io.glusterctl.probe.e2e.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a probe or of the preStop hook, as the kubelet saw it.
 *
 * @param pod the pod's name
 * @param ordinal the pod's ordinal
 * @param kind which probe
 * @param at when it started
 * @param took how long it ran
 * @param exitCode its exit code; {@link CommandResult#TIMED_OUT} when it was killed at its timeout
 * @param firstLine the first line of its output (what a kubelet event would show)
 */
public record ProbeRun(
    String pod,
    int ordinal,
    ProbeKind kind,
    Instant at,
    Duration took,
    int exitCode,
    String firstLine) {

  public boolean succeeded() {
    return exitCode == 0;
  }

  public boolean timedOutOrFailed() {
    return exitCode != 0;
  }

  @Override
  public String toString() {
    return at
        + " "
        + pod
        + " "
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + " exit="
        + (exitCode == CommandResult.TIMED_OUT ? "timeout" : Integer.toString(exitCode))
        + " "
        + took.toMillis()
        + "ms: "
        + firstLine;
  }
}
