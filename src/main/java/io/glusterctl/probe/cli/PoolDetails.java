package io.glusterctl.probe.cli;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.BrickProcesses;
import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.VolumeBricks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code status} shows people beyond what the planner needs: the bricks of every member, their
 * processes, and what waits to be healed per volume. Each part is observed on its own and is
 * Unknown with its reason when it could not be read, so the table never shows a blank that looks
 * like "none".
 *
 * @param bricks every brick of every volume ({@code volume info})
 * @param processes the brick processes of the started volumes ({@code volume status all})
 * @param heals per started volume, what waits to be healed ({@code volume heal VOL info summary})
 */
record PoolDetails(
    Observed<VolumeBricks> bricks,
    Observed<BrickProcesses> processes,
    Map<String, Observed<HealSummary>> heals) {

  PoolDetails {
    heals = Map.copyOf(heals);
  }

  /**
   * Asks glusterd for what the planner did not: {@code seen} is the run's own {@code volume info}
   * (asked again when the run did not need it); heals only of the volumes that are started.
   */
  static PoolDetails observe(GlusterClient gluster, Observed<VolumeBricks> seen) {
    Observed<VolumeBricks> bricks = seen.isKnown() ? seen : gluster.bricks();
    if (bricks instanceof Observed.Known<VolumeBricks> k && k.value().bricks().isEmpty()) {
      return new PoolDetails(
          bricks, Observed.known(new BrickProcesses(java.util.List.of())), Map.of());
    }
    Observed<BrickProcesses> processes = gluster.brickProcesses();
    Map<String, Observed<HealSummary>> heals = new LinkedHashMap<>();
    for (String volume : startedVolumes(bricks, processes)) {
      heals.put(volume, gluster.healSummary(volume));
    }
    return new PoolDetails(bricks, processes, heals);
  }

  /** The volumes whose bricks have processes; every known volume when that is Unknown. */
  static Set<String> startedVolumes(
      Observed<VolumeBricks> bricks, Observed<BrickProcesses> processes) {
    Set<String> out = new TreeSet<>();
    if (processes instanceof Observed.Known<BrickProcesses> kp) {
      kp.value().bricks().forEach(b -> out.add(b.volume()));
    } else if (bricks instanceof Observed.Known<VolumeBricks> kb) {
      out.addAll(kb.value().volumes());
    }
    return out;
  }
}
