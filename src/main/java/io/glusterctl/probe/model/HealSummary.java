package io.glusterctl.probe.model;

import java.util.List;
import java.util.Objects;

/**
 * What is waiting to be healed in one volume ({@code gluster volume heal VOL info summary --xml}),
 * brick by brick. A brick that could not be asked (its process is down) has its count Unknown with
 * glusterd's reason, never 0.
 *
 * @param volume the volume
 * @param bricks one entry per brick
 */
public record HealSummary(String volume, List<Brick> bricks) {
  /**
   * One brick.
   *
   * @param brick {@code host:/path}
   * @param pending entries that need healing on this brick ({@code totalNumberOfEntries})
   * @param splitBrain entries in split-brain, when known
   */
  public record Brick(String brick, Observed<Long> pending, Observed<Long> splitBrain) {
    public Brick {
      Objects.requireNonNull(brick, "brick");
      Objects.requireNonNull(pending, "pending");
      Objects.requireNonNull(splitBrain, "splitBrain");
    }
  }

  public HealSummary {
    Objects.requireNonNull(volume, "volume");
    bricks = List.copyOf(bricks);
  }
}
