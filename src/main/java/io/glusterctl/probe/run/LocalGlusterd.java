package io.glusterctl.probe.run;

import io.glusterctl.probe.gluster.GlusterdInfo;
import io.glusterctl.probe.gluster.GlusterdStopped;
import java.nio.file.Path;
import java.util.Optional;

/**
 * This pod's glusterd as a repair and a hook see it on disk: its directory, its UUID there, and
 * whether it is proven stopped.
 *
 * @param dir glusterd's working directory ({@code /var/lib/glusterd}, the PV)
 * @param stopped how it is proven that no glusterd runs in it
 */
public record LocalGlusterd(Path dir, GlusterdStopped stopped) {

  /** This node's UUID, from {@code glusterd.info}. */
  public Optional<String> uuid() {
    return GlusterdInfo.readUuid(dir);
  }

  /**
   * Why it is not proven that glusterd is stopped, or empty when it is: a local call that failed or
   * timed out is no proof (a hung glusterd still runs).
   */
  public Optional<String> whyNotProvenStopped() {
    return stopped.whyNotProven(dir);
  }
}
