package io.glusterctl.probe.run;

import io.glusterctl.probe.gluster.GlusterdStore;
import io.glusterctl.probe.plan.HealGate;
import io.glusterctl.probe.reconcile.HealReadiness;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The readiness gate on healing ({@link HealGate}) as a run carries it out: observe the started
 * volumes with a brick on this node and their heal summaries (no gluster call when there are none),
 * decide with the pure gate, and keep since when a check has gone unanswered. The state lock is
 * taken only to change that record; when it is busy the record on disk is used unchanged.
 *
 * @param heal the heal observer (glusterd's store, one heal query per such volume)
 * @param store this node's glusterd store: which volumes are started and where their bricks are
 * @param glusterd this node's glusterd directory: its UUID
 * @param state the pod's state: the heal record
 * @param unknownGrace how long an unanswered heal query keeps the pod not ready
 */
public record HealGateCheck(
    HealReadiness heal,
    GlusterdStore store,
    LocalGlusterd glusterd,
    PodState state,
    Duration unknownGrace) {

  public HealGate.Verdict verdict() {
    var checks = heal.observe(store.volumes(), glusterd.uuid());
    Map<String, Instant> seen = state.healRecord();
    HealGate.Verdict v = HealGate.decide(checks, seen, state.now(), unknownGrace);
    if (!v.unansweredSince().equals(seen)) {
      PodState.Lock lock = state.lock("readiness");
      if (lock instanceof PodState.Held held) {
        try (held) {
          held.saveHealRecord(v.unansweredSince());
        }
      } else if (lock instanceof PodState.Busy busy) {
        state.warn("WARN heal record not saved: " + busy.why());
      }
    }
    return v;
  }
}
