package io.glusterctl.probe.run;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.verdict.PrestopVerdict;
import io.glusterctl.probe.verdict.Verdict;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The preStop hook's run: stay unless the API says this pod is scaled away and it hosts no bricks;
 * then wait, within the run's deadline, until the coordinator has detached it.
 *
 * @param replicas {@code spec.replicas} from the API (Unknown without API access)
 * @param selfUuid this node's UUID from {@code glusterd.info}, if there is one
 */
public record PrestopHook(
    Self self,
    GlusterClient gluster,
    Supplier<Observed<Integer>> replicas,
    Supplier<Optional<String>> selfUuid,
    Deadline deadline) {
  private static final Duration POLL = Duration.ofSeconds(1);

  public Verdict run() {
    Observed<Integer> r =
        self.ordinal().isPresent() ? replicas.get() : Observed.unknown("not looked at");
    Observed<VolumeBricks> bricks =
        PrestopVerdict.scaledAway(self, r) ? gluster.bricks() : Observed.unknown("not looked at");
    Optional<Verdict> stay = PrestopVerdict.staying(self, r, bricks, selfUuid.get());
    if (stay.isPresent()) {
      return stay.get();
    }
    int spec = r.known().orElseThrow();
    while (true) {
      if (gluster.localPool().pool() instanceof Observed.Known<PoolView> kp && kp.value().alone()) {
        return PrestopVerdict.afterWaiting(self, spec, true);
      }
      if (!deadline.hasRoomFor(Duration.ZERO)) {
        return PrestopVerdict.afterWaiting(self, spec, false);
      }
      deadline.sleep(POLL);
    }
  }
}
