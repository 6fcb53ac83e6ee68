package io.glusterctl.probe.model;

/** The ways this pod's glusterd state can go wrong that a repair fixes. */
public enum RepairKind {
  /** R1: this pod's volume configuration drifted; the pool rejects it. */
  DRIFT("drift"),
  /** R2: this pod lost its state but kept its UUID; the pool rejects it. */
  AMNESIA("amnesia"),
  /** A handshake left in state 4 or 5 toward a peer that says this pod is in the cluster. */
  STUCK_HANDSHAKE("stuck-handshake"),
  /** This pod came back with a new UUID while the pool lists its old one under its name. */
  LOST_IDENTITY("lost-identity"),
  /**
   * The pool detached this pod while it was away (a scale-down, then a scale-up that brought its
   * old PV back): its own state still lists the pool, which no longer knows it. It must become
   * alone again so that the pool can probe it.
   */
  FORGOTTEN("forgotten");

  private final String label;

  RepairKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static java.util.Optional<RepairKind> fromLabel(String label) {
    for (RepairKind k : values()) {
      if (k.label.equals(label)) {
        return java.util.Optional.of(k);
      }
    }
    return java.util.Optional.empty();
  }
}
