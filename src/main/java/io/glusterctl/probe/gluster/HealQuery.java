package io.glusterctl.probe.gluster;

import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.Observed;

/**
 * The port for asking how much of a volume still needs healing: {@code gluster volume heal <volume>
 * info summary}. Bounded by the run's deadline; a query that fails, times out or cannot be read is
 * Unknown, never "nothing pending".
 */
public interface HealQuery {
  Observed<HealSummary> healSummary(String volume);
}
