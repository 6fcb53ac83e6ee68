package io.glusterctl.probe.model;

import java.util.List;
import java.util.Optional;

/**
 * The sections of the runbook, docs/troubleshooting.md, and which reason codes each one explains:
 * the one table from what the program says to where a person reads what to do about it. {@code
 * status} prints each finding's section under it. {@code RunbookSectionTest} fails when a reason
 * code has no section here, or one in two sections, or when a section's anchor is not a heading of
 * the page.
 */
public enum RunbookSection {
  PEER_REJECTED(
      "a-pod-is-peer-rejected",
      ReasonCode.REJECTED_PEER,
      ReasonCode.SELF_REJECTED,
      ReasonCode.SELF_REJECTED_UNCONFIRMED,
      ReasonCode.SELF_LOST_IDENTITY,
      ReasonCode.SELF_FORGOTTEN),
  HANDSHAKE_STUCK(
      "a-handshake-is-stuck", ReasonCode.HANDSHAKE_IN_PROGRESS, ReasonCode.SELF_STUCK_HANDSHAKE),
  POD_DISCONNECTED(
      "a-pod-is-disconnected-node-down-pod-rescheduled", ReasonCode.DISCONNECTED_MEMBER),
  SCALE_DOWN_STUCK(
      "a-scale-down-does-not-finish",
      ReasonCode.SURPLUS_BY_REPLICAS,
      ReasonCode.SURPLUS_BY_DNS,
      ReasonCode.SURPLUS_WAITING,
      ReasonCode.BRICKS_UNKNOWN,
      ReasonCode.DETACH_BLOCKED_BRICKS,
      ReasonCode.DETACH_BLOCKED_QUORUM,
      ReasonCode.DETACH_BLOCKED_PEER_DOWN,
      ReasonCode.DETACH_BLOCKED_NOT_COORDINATOR,
      ReasonCode.DETACH_FORCED,
      ReasonCode.DETACH_FORCE_NEXT_RUN,
      ReasonCode.DETACH_BLOCKED_SELF),
  NEW_POD_NOT_JOINING(
      "a-new-pod-does-not-join-the-pool",
      ReasonCode.MISSING_MEMBER,
      ReasonCode.FORM_POOL,
      ReasonCode.TARGET_NOT_ANSWERING,
      ReasonCode.TARGET_NOT_CHECKED,
      ReasonCode.POOL_UNSEEN,
      ReasonCode.NOT_COORDINATOR,
      ReasonCode.ALONE_NOT_FIRST),
  POOL_EXISTS("a-pod-is-alone-while-the-others-form-a-pool", ReasonCode.POOL_EXISTS),
  UNKNOWN_PEER("a-peer-is-not-one-of-the-statefulsets-pods", ReasonCode.UNKNOWN_PEER),
  SELF_UNKNOWN("this-pod-is-not-a-statefulset-pod", ReasonCode.SELF_UNKNOWN),
  GLUSTERD_HUNG("glusterd-is-hung", ReasonCode.POOL_UNKNOWN),
  DNS_OR_API_UNREACHABLE("dns-or-the-api-is-unreachable", ReasonCode.DESIRED_UNKNOWN),
  /** Nothing is wrong with the pool: the table leads to what the program does not look at. */
  FIND_YOUR_SITUATION("find-your-situation", ReasonCode.HEALTHY, ReasonCode.MEMBER_HEALTHY);

  /** The runbook, relative to the repository's root. */
  public static final String PAGE = "docs/troubleshooting.md";

  private final String anchor;
  private final List<ReasonCode> codes;

  RunbookSection(String anchor, ReasonCode... codes) {
    this.anchor = anchor;
    this.codes = List.of(codes);
  }

  /** The section's anchor as GitHub makes it from its heading, e.g. {@code glusterd-is-hung}. */
  public String anchor() {
    return anchor;
  }

  /** The reason codes this section explains. */
  public List<ReasonCode> codes() {
    return codes;
  }

  /** Where a person reads it: {@code docs/troubleshooting.md#glusterd-is-hung}. */
  public String link() {
    return PAGE + "#" + anchor;
  }

  /** The section that explains {@code code}; empty only for a code this table forgot. */
  public static Optional<RunbookSection> of(ReasonCode code) {
    for (RunbookSection s : values()) {
      if (s.codes.contains(code)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
