package io.glusterctl.probe.plan;

import java.util.OptionalInt;

/**
 * What a desired member that is missing from the pool looked like.
 *
 * @param answers whether its glusterd answered (management port open, or a read-only query
 *     succeeded)
 * @param peerCount how many peers its glusterd lists, when asked (only when this pod is alone: a
 *     pod that is alone may only probe members that are alone too)
 */
public record TargetCheck(boolean answers, OptionalInt peerCount) {
  public static TargetCheck answering() {
    return new TargetCheck(true, OptionalInt.empty());
  }

  public static TargetCheck answeringWithPeers(int peers) {
    return new TargetCheck(true, OptionalInt.of(peers));
  }

  public static TargetCheck silent() {
    return new TargetCheck(false, OptionalInt.empty());
  }
}
