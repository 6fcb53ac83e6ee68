package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.plan.World;
import java.util.List;
import java.util.Optional;

/** What one reconcile run (lock, observe, plan, act, save) came to. */
public sealed interface RunResult {

  /**
   * Another run held the lock past {@code --lock-wait}, or the state directory cannot be used
   * ({@code unusable}): nothing was observed or done.
   */
  record Busy(String why, boolean unusable) implements RunResult {
    public Busy(String why) {
      this(why, false);
    }
  }

  /**
   * The run went through.
   *
   * @param world what it observed
   * @param plan what it decided
   * @param outcomes what became of each action (dry run: none done)
   */
  record Ran(World world, Plan plan, List<Reconciler.Outcome> outcomes) implements RunResult {
    public Ran {
      outcomes = List.copyOf(outcomes);
    }

    /** The outcome of this pod's repair request, if the plan asked for one. */
    public Optional<Reconciler.Outcome> repair() {
      return outcomes.stream().filter(o -> o.action() instanceof Action.Repair).findFirst();
    }
  }
}
