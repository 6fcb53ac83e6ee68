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
 * @param remoteViews members to ask read-only for their view of the pool
 */
public record Needs(boolean bricks, Set<String> targets, Set<String> remoteViews) {
  public static final Needs NOTHING = new Needs(false, Set.of(), Set.of());

  public Needs {
    targets = Collections.unmodifiableSet(new LinkedHashSet<>(targets));
    remoteViews = Set.copyOf(remoteViews);
  }
}
