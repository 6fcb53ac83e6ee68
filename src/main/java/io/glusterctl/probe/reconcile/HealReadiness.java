package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.gluster.HealQuery;
import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.StoredVolume;
import io.glusterctl.probe.plan.HealGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the readiness gate on healing looks at ({@link HealGate}): the started volumes with a brick
 * on this node, from glusterd's store (files, no gluster call), and for each one its heal summary
 * (one gluster call per such volume). A node that hosts no brick of a started volume makes no call
 * at all.
 */
public final class HealReadiness {
  private final HealQuery query;

  public HealReadiness(HealQuery query) {
    this.query = query;
  }

  /**
   * The gate's checks: one per started volume of {@code store} with a brick on the node {@code
   * myUuid}, in the store's order; a single {@link HealGate#STORE} check when the store or this
   * node's UUID cannot be read while there are started volumes.
   */
  public List<HealGate.Check> observe(Observed<List<StoredVolume>> store, Optional<String> myUuid) {
    if (!(store instanceof Observed.Known<List<StoredVolume>> k)) {
      return List.of(
          new HealGate.Check(
              HealGate.STORE,
              Observed.unknown(
                  "which volumes have a brick here: " + store.unknownWhy().orElse(""))));
    }
    List<StoredVolume> started =
        k.value().stream().filter(v -> v.status() == StoredVolume.Status.STARTED).toList();
    if (started.isEmpty()) {
      return List.of();
    }
    if (myUuid.isEmpty()) {
      return List.of(
          new HealGate.Check(
              HealGate.STORE, Observed.unknown("this node's UUID (glusterd.info) cannot be read")));
    }
    List<HealGate.Check> checks = new ArrayList<>();
    for (StoredVolume v : started) {
      if (v.hasBrickOn(myUuid.get())) {
        Observed<HealSummary> heal = query.healSummary(v.name());
        checks.add(new HealGate.Check(v.name(), heal));
      }
    }
    return checks;
  }
}
