package io.glusterctl.probe.repair;

import io.glusterctl.probe.model.RepairKind;
import java.util.List;
import java.util.Optional;

/**
 * What a repair will do, decided before anything is touched ({@link RejectedPeerRepair#plan}):
 * either it is not confirmed and touches nothing, or it is a list of steps. Pure data: {@code
 * repair --dry-run} prints it, {@link RepairExecutor} carries it out.
 */
public sealed interface RepairPlan {

  /** What was checked before the steps, one line each (confirmation, refusals). */
  List<String> checked();

  /**
   * The repair is not confirmed, or the reference's answer cannot be used: nothing is touched.
   *
   * @param checked what was checked; the last line says why nothing is touched
   */
  record NotConfirmed(List<String> checked) implements RepairPlan {
    public NotConfirmed {
      checked = List.copyOf(checked);
    }
  }

  /**
   * The steps of a confirmed repair, in order.
   *
   * @param kind what went wrong
   * @param checked how the reference confirmed it
   * @param steps the changes, in order
   * @param next what happens after the last step, for the record (empty: nothing to add)
   */
  record Steps(RepairKind kind, List<String> checked, List<RepairStep> steps, Optional<String> next)
      implements RepairPlan {
    public Steps {
      checked = List.copyOf(checked);
      steps = List.copyOf(steps);
    }
  }
}
