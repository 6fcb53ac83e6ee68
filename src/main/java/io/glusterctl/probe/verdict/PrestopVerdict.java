package io.glusterctl.probe.verdict;

import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.verdict.Verdict.Kind;
import java.util.Optional;

/**
 * The preStop hook's answer. The kubelet runs preStop before every container kill: a scale-down,
 * but also a pod delete, a liveness restart, a node drain. Only the first is a reason to leave the
 * pool, and only the API can tell it ({@code ordinal >= spec.replicas}). Leaving means being
 * detached by the pool's coordinator (a node cannot detach itself, and detaching another node from
 * here would make that node forget the pool): this pod must host no bricks, and then it waits,
 * within its deadline, until the coordinator has detached it.
 */
public final class PrestopVerdict {
  private PrestopVerdict() {}

  /** Whether this pod is being scaled away: then its bricks are looked at. */
  public static boolean scaledAway(Self self, Observed<Integer> replicas) {
    return self.ordinal().isPresent()
        && replicas.known().map(r -> self.ordinal().getAsInt() >= r).orElse(false);
  }

  /**
   * Whether this pod stays (the answer), or empty when it leaves and waits to be detached.
   *
   * @param replicas {@code spec.replicas} from the API
   * @param bricks the bricks, when {@link #scaledAway} (else not looked at)
   * @param selfUuid this node's UUID, if known: a brick is matched by it too
   */
  public static Optional<Verdict> staying(
      Self self,
      Observed<Integer> replicas,
      Observed<VolumeBricks> bricks,
      Optional<String> selfUuid) {
    if (self.ordinal().isEmpty()) {
      return stay(ExitCodes.CANNOT_SEE, "pod name '" + self.podName() + "' has no ordinal");
    }
    int me = self.ordinal().getAsInt();
    if (!(replicas instanceof Observed.Known<Integer> kr)) {
      return stay(
          ExitCodes.CANNOT_SEE,
          "cannot tell a scale-down from a restart: spec.replicas unknown ("
              + replicas.unknownWhy().orElse("")
              + ")");
    }
    if (me < kr.value()) {
      return stay(
          ExitCodes.OK,
          "ordinal "
              + me
              + " < spec.replicas "
              + kr.value()
              + ": a pod delete, restart or drain, not a scale-down");
    }
    if (!(bricks instanceof Observed.Known<VolumeBricks> kb)) {
      return stay(
          ExitCodes.CANNOT_SEE,
          "scaled away, but bricks unknown: " + bricks.unknownWhy().orElse(""));
    }
    if (kb.value().hostsSelf(self, selfUuid)) {
      return stay(
          ExitCodes.UNHEALTHY,
          "scaled away, but this pod hosts bricks of "
              + kb.value().volumes()
              + ": remove them first (remove-brick / replace-brick); never detached with bricks");
    }
    return Optional.empty();
  }

  /** After waiting: detached (this pod is alone now), or still in the pool at the deadline. */
  public static Verdict afterWaiting(Self self, int replicas, boolean detached) {
    String which = "ordinal " + self.ordinal().orElse(-1) + " >= spec.replicas " + replicas;
    return detached
        ? Verdict.of(Kind.LEFT, ExitCodes.OK, "LEFT " + which + ": detached from the pool")
        : Verdict.of(
            Kind.NOT_LEFT,
            ExitCodes.UNHEALTHY,
            "NOT LEFT "
                + which
                + ": still in the pool at the deadline; the coordinator detaches it later");
  }

  private static Optional<Verdict> stay(int exitCode, String why) {
    return Optional.of(Verdict.of(Kind.STAYING, exitCode, "STAYING " + why));
  }
}
