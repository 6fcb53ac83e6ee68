package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.model.Action;

/** Where a run records that this pod needs a repair, for {@code prestart} to carry out. */
public interface RepairBook {
  /** Records the request; false when it could not be recorded. */
  boolean request(Action.Repair repair);
}
