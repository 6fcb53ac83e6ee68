package io.glusterctl.probe.model;

/**
 * Why the planner chose an action, or chose not to act. Each code has a short human text; the
 * {@link Reason} adds the particulars. Printed with every action and finding, so that whoever reads
 * a probe's output knows why each thing happened (or did not).
 */
public enum ReasonCode {
  // actions
  MISSING_MEMBER("desired member is not in the pool; this pod coordinates the pool"),
  FORM_POOL("no pool yet: the lowest ordinal forms it with members that are alone too"),
  SURPLUS_BY_REPLICAS("ordinal is at or above spec.replicas"),
  SURPLUS_BY_DNS("absent from the Service's DNS records and disconnected past the grace period"),
  DETACH_FORCED(
      "surplus, and every other peer that is down is surplus too and hosts no bricks: detached with"
          + " force, which skips only glusterd's peer-down check"),
  SELF_REJECTED("the pool rejects this pod"),
  SELF_LOST_IDENTITY("the pool knows this pod's name under another UUID (its PV was lost)"),
  SELF_FORGOTTEN("the pool no longer lists this pod, whose own state still lists the pool"),
  SELF_STUCK_HANDSHAKE("a handshake is stuck while the peer lists this pod in the cluster"),
  // findings: nothing done, and why
  POOL_UNKNOWN("the local pool could not be read"),
  DESIRED_UNKNOWN("the desired members could not be read"),
  BRICKS_UNKNOWN("which peers host bricks could not be read"),
  SELF_UNKNOWN("this pod's ordinal could not be derived from its name"),
  NOT_COORDINATOR("another member coordinates the pool"),
  TARGET_NOT_ANSWERING("the desired member does not answer yet"),
  POOL_EXISTS("this pod is alone and another member is in a pool: that pool probes this pod"),
  POOL_UNSEEN(
      "this pod is alone and no other member's view could be read: it does not form a pool"),
  TARGET_NOT_CHECKED(
      "the run's deadline came before the desired member was checked; the next run checks it"),
  ALONE_NOT_FIRST("this pod is alone; a member of the pool will probe it"),
  DISCONNECTED_MEMBER(
      "desired member is disconnected (node down or pod rescheduling); never detached"),
  REJECTED_PEER("peer is rejected"),
  HANDSHAKE_IN_PROGRESS("a peer handshake is under way"),
  UNKNOWN_PEER("peer's name is not one of the StatefulSet's pods"),
  SURPLUS_WAITING("surplus member is within its grace period"),
  DETACH_BLOCKED_BRICKS("surplus peer hosts bricks: never detached (remove its bricks first)"),
  DETACH_BLOCKED_QUORUM("detaching would leave too few connected members (quorum)"),
  DETACH_BLOCKED_PEER_DOWN(
      "another peer is down or not in the cluster, and not every such peer is surplus without"
          + " bricks: no detach, with or without force"),
  DETACH_FORCE_NEXT_RUN(
      "surplus, held back only by surplus peers that are down: one detach with force per run, so"
          + " this one waits for the next run's own look at the pool"),
  DETACH_BLOCKED_NOT_COORDINATOR("only the coordinator detaches"),
  DETACH_BLOCKED_SELF("this pod never detaches itself"),
  SELF_REJECTED_UNCONFIRMED("a peer rejects this pod, but the pool has not confirmed it"),
  HEALTHY("pool matches the desired members"),
  MEMBER_HEALTHY(
      "every peer is in the cluster and connected, and another member coordinates: the desired"
          + " members cannot change what this pod does, so they were not read");

  private final String text;

  ReasonCode(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
