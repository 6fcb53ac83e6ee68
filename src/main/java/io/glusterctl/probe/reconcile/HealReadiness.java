package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.gluster.BrickDirectories;
import io.glusterctl.probe.gluster.HealQuery;
import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.StoredVolume;
import io.glusterctl.probe.plan.HealGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the readiness gate on healing looks at ({@link HealGate}): the started volumes with a brick
 * on this node, from glusterd's store (files, no gluster call), and for each one its heal summary
 * (one gluster call per such volume). A node that hosts no brick of a started volume makes no call
 * at all. When the summary says that a brick of this node was not reached, whether that brick's
 * directory is gone from this node (then glusterd cannot start it).
 */
public final class HealReadiness {
  private final HealQuery query;
  private final BrickDirectories directories;

  public HealReadiness(HealQuery query, BrickDirectories directories) {
    this.query = query;
    this.directories = directories;
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
      List<StoredVolume.Brick> mine = v.bricksOn(myUuid.get());
      if (!mine.isEmpty()) {
        Observed<HealSummary> heal = query.healSummary(v.name());
        checks.add(new HealGate.Check(v.name(), heal, missingDirectories(mine, heal)));
      }
    }
    return checks;
  }

  /**
   * The bricks of this node that the heal summary did not reach and whose directory is gone: only
   * those are looked at, so that a probe that does not see the brick's file system (another mount
   * namespace) never reports a brick that serves.
   */
  private List<String> missingDirectories(
      List<StoredVolume.Brick> mine, Observed<HealSummary> heal) {
    if (!(heal instanceof Observed.Known<HealSummary> known)) {
      return List.of();
    }
    Set<String> unreached =
        known.value().unreached().stream()
            .map(HealSummary.BrickHeal::brick)
            .collect(Collectors.toSet());
    return mine.stream()
        .filter(b -> unreached.contains(b.id()) && directories.missing(b.path()))
        .map(StoredVolume.Brick::id)
        .toList();
  }
}
