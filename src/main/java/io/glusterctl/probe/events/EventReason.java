package io.glusterctl.probe.events;

/**
 * The reason of each Event this program posts, in Kubernetes' CamelCase form, with its type: {@code
 * Normal} for what went as planned, {@code Warning} for what failed, was refused or needs a person.
 */
public enum EventReason {
  PeerProbed(false, "Probe"),
  PeerProbeFailed(true, "Probe"),
  ProbeBlocked(true, "Probe"),
  PeerDetached(false, "Detach"),
  PeerDetachFailed(true, "Detach"),
  DetachBlocked(true, "Detach"),
  RepairRequested(true, "Repair"),
  RepairBackedUp(false, "Repair"),
  RepairCleared(false, "Repair"),
  RepairRebuilt(false, "Repair"),
  RepairVerified(false, "Repair"),
  RepairFailed(true, "Repair"),
  RepairWithdrawn(false, "Repair"),
  RepairGivenUp(true, "Repair");

  private final boolean warning;
  private final String action;

  EventReason(boolean warning, String action) {
    this.warning = warning;
    this.action = action;
  }

  /** {@code Normal} or {@code Warning}, the Event's {@code type}. */
  public String type() {
    return warning ? "Warning" : "Normal";
  }

  /** The Event's {@code action}: what was done, or tried, regarding the object. */
  public String action() {
    return action;
  }
}
