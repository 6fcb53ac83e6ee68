package io.glusterctl.probe.plan;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The further observations a plan needs, decided from the cheap ones so that a steady-state run
 * makes exactly one gluster call.
 *
 * @param bricks whether to read {@code volume info} (a detach is being considered)
 * @param targets desired members to check for an answer before probing them, lowest ordinal first
 *     (the order is kept: a pod that is alone stops at the first lower ordinal that answers)
 * @param askPeerCounts whether to ask each target how many peers it has (this pod is alone)
 * @param remoteViews members to ask read-only for their view of the pool
 */
public record Needs(
    boolean bricks, Set<String> targets, boolean askPeerCounts, Set<String> remoteViews) {
  public static final Needs NOTHING = new Needs(false, Set.of(), false, Set.of());

  public Needs {
    targets = Collections.unmodifiableSet(new LinkedHashSet<>(targets));
    remoteViews = Set.copyOf(remoteViews);
  }
}
