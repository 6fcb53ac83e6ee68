package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.model.Action;

/** Where a run records that this pod needs a repair, for {@code prestart} to carry out. */
public interface RepairBook {
  /** Records the request under the repair record's policy, and says what became of it. */
  RepairRequest request(Action.Repair repair);
}
