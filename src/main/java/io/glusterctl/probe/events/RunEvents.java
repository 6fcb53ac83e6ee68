package io.glusterctl.probe.events;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.ReasonCode;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a run did, as Events: pure. Everything is posted on this pod, whose UID the downward API
 * gives, so that {@code kubectl describe pod} shows it; what changes the pool (a probe, a detach, a
 * blocked one) also on the StatefulSet. A steady, healthy pool makes none: only actions, blocked
 * actions and repair steps become Events, never a finding that just describes the pool.
 */
public final class RunEvents {
  /** Findings that are an action refused for a reason a person may have to act on. */
  static final Set<ReasonCode> BLOCKED_DETACH =
      Set.of(
          ReasonCode.DETACH_BLOCKED_BRICKS,
          ReasonCode.DETACH_BLOCKED_QUORUM,
          ReasonCode.DETACH_BLOCKED_PEER_DOWN);

  static final Set<ReasonCode> BLOCKED_PROBE = Set.of(ReasonCode.TARGET_IN_OTHER_POOL);

  /** The steps of a repair that are Events of their own. */
  public enum RepairStep {
    BACKED_UP(EventReason.RepairBackedUp),
    CLEARED(EventReason.RepairCleared),
    REBUILT(EventReason.RepairRebuilt),
    VERIFIED(EventReason.RepairVerified),
    FAILED(EventReason.RepairFailed);

    final EventReason reason;

    RepairStep(EventReason reason) {
      this.reason = reason;
    }
  }

  private final ObjectRef pod;
  private final ObjectRef statefulSet;

  /**
   * @param pod this pod, the one the program runs in
   * @param statefulSet its StatefulSet
   */
  public RunEvents(ObjectRef pod, ObjectRef statefulSet) {
    this.pod = Objects.requireNonNull(pod, "pod");
    this.statefulSet = Objects.requireNonNull(statefulSet, "statefulSet");
  }

  /**
   * An action of the plan, carried out ({@code done}) or tried and failed.
   *
   * @param outcome what the attempt said (the gluster CLI's answer, why it was not done)
   */
  public List<KubeEvent> ofAction(Action action, boolean done, String outcome) {
    String message =
        action.host()
            + ": "
            + action.reason().text()
            + (done || outcome.isBlank() ? "" : "; not done: " + outcome);
    if (action instanceof Action.Probe p) {
      return onPoolChange(
          done ? EventReason.PeerProbed : EventReason.PeerProbeFailed, p.host(), message);
    }
    if (action instanceof Action.Detach d) {
      return onPoolChange(
          done ? EventReason.PeerDetached : EventReason.PeerDetachFailed, d.host(), message);
    }
    Action.Repair r = (Action.Repair) action;
    return List.of(
        new KubeEvent(
            pod,
            done ? EventReason.RepairRequested : EventReason.RepairFailed,
            r.kind().label(),
            r.kind().label()
                + " repair, rebuilt from "
                + r.reference()
                + ": "
                + r.reason().text()
                + (done || outcome.isBlank() ? "" : "; not requested: " + outcome)));
  }

  /** A finding that is a refused action becomes an Event; any other finding none. */
  public List<KubeEvent> ofFinding(Finding finding) {
    ReasonCode code = finding.reason().code();
    String message =
        (finding.host().isEmpty() ? "" : finding.host() + ": ") + finding.reason().text();
    if (BLOCKED_DETACH.contains(code)) {
      return onPoolChange(EventReason.DetachBlocked, finding.host() + "/" + code, message);
    }
    if (BLOCKED_PROBE.contains(code)) {
      return onPoolChange(EventReason.ProbeBlocked, finding.host() + "/" + code, message);
    }
    return List.of();
  }

  /** A step of this pod's repair, carried out by {@code prestart} or verified later. */
  public KubeEvent repairStep(RepairStep step, String detail) {
    return new KubeEvent(pod, step.reason, step.name(), detail);
  }

  /** Repairs given up after too many in a row: a person has to look. */
  public KubeEvent repairGivenUp(String why) {
    return new KubeEvent(pod, EventReason.RepairGivenUp, "", why);
  }

  private List<KubeEvent> onPoolChange(EventReason reason, String key, String message) {
    return List.of(
        new KubeEvent(pod, reason, key, message),
        new KubeEvent(statefulSet, reason, key, pod.name() + " on " + message));
  }
}
