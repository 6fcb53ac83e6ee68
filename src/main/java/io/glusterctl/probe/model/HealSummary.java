package io.glusterctl.probe.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@code gluster volume heal <volume> info summary} says about one volume: for each brick,
 * whether it was reached and how many entries on it still need healing. A brick that was not
 * reached (its process or its pod down) has no count: the entries it would list are unknown, so the
 * volume's total is then only a lower bound.
 *
 * @param volume the volume's name
 * @param bricks every brick of the volume, in the volume's order
 */
public record HealSummary(String volume, List<BrickHeal> bricks) {

  /**
   * One brick's line of the summary.
   *
   * @param brick {@code host:/path}
   * @param status glusterd's status text ({@code Connected}, or why the brick was not reached)
   * @param pending {@code totalNumberOfEntries}: entries on this brick that need healing; empty
   *     when the brick was not reached
   */
  public record BrickHeal(String brick, String status, OptionalLong pending) {
    public BrickHeal {
      Objects.requireNonNull(brick, "brick");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(pending, "pending");
    }

    public boolean reached() {
      return pending.isPresent();
    }
  }

  public HealSummary {
    Objects.requireNonNull(volume, "volume");
    bricks = List.copyOf(bricks);
  }

  /** The entries pending heal, summed over the bricks that were reached. */
  public long pendingEntries() {
    return bricks.stream().mapToLong(b -> b.pending().orElse(0)).sum();
  }

  /** The bricks that were not reached. */
  public List<BrickHeal> unreached() {
    return bricks.stream().filter(b -> !b.reached()).toList();
  }
}
