package io.glusterctl.probe.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Reason;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.plan.World;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.RepairRequest;
import io.glusterctl.probe.reconcile.RunResult;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.verdict.Verdict.Kind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The answers of liveness, readiness and prestop as tables: given what was seen (and what the
 * reconcile run came to), this kind, this exit code, this first line.
 */
class VerdictsTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final Self POD1 = pod(1);
  static final RepairLedger.Pending PENDING =
      new RepairLedger.Pending(RepairKind.DRIFT, fqdn(0), "drift: 2 of 2 reject", NOW);
  static final Action.Repair REPAIR =
      new Action.Repair(
          fqdn(1), RepairKind.DRIFT, fqdn(0), Reason.of(ReasonCode.SELF_REJECTED, "drift"));

  static Self pod(int o) {
    return new Self("glusterfs-" + o, "default", "glusterfs", "cluster.local");
  }

  static String fqdn(int o) {
    return "glusterfs-" + o + ".glusterfs.default.svc.cluster.local";
  }

  static Peer healthy(int o) {
    return Peer.of(
        "00000000-0000-4000-8000-00000000000" + o, fqdn(o), PeerState.PEER_IN_CLUSTER, true);
  }

  static Peer rejected(int o) {
    return Peer.of(
        "00000000-0000-4000-8000-00000000000" + o, fqdn(o), PeerState.PEER_REJECTED, true);
  }

  static GlusterClient.Liveness answers(Peer... peers) {
    return new GlusterClient.Liveness(true, Observed.known(PoolView.of(List.of(peers))), "");
  }

  static final GlusterClient.Liveness SILENT =
      new GlusterClient.Liveness(
          false, Observed.unknown("exit 1: Connection failed"), "exit 1: Connection failed");

  static DesiredMembers desired(int... ordinals) {
    return new DesiredMembers(
        DesiredMembers.Source.API,
        OptionalInt.of(ordinals.length),
        IntStream.of(ordinals).mapToObj(o -> new Member(o, fqdn(o))).toList());
  }

  /** A run that saw these peers and planned these actions, with these outcomes. */
  static RunResult.Ran ran(List<Peer> peers, List<Reconciler.Outcome> outcomes) {
    World w =
        World.of(POD1, Observed.known(PoolView.of(peers)), Observed.known(desired(0, 1, 2)), NOW);
    Plan plan =
        new Plan(
            outcomes.stream().map(Reconciler.Outcome::action).toList(), List.of(), Memory.EMPTY);
    return new RunResult.Ran(w, plan, outcomes);
  }

  static Reconciler.Outcome repairOutcome(RepairRequest r) {
    return new Reconciler.Outcome(REPAIR, r.pending(), "", Optional.of(r));
  }

  // ---- liveness

  static Stream<Arguments> liveness() {
    return Stream.of(
        Arguments.of(
            "a pending repair",
            LivenessVerdict.repairPending(PENDING),
            Kind.UNHEALTHY,
            ExitCodes.REPAIR_PENDING,
            "UNHEALTHY repair pending: drift from " + fqdn(0)),
        Arguments.of(
            "glusterd does not answer",
            LivenessVerdict.silent(SILENT),
            Kind.UNHEALTHY,
            ExitCodes.UNHEALTHY,
            "UNHEALTHY glusterd does not answer: exit 1: Connection failed"),
        Arguments.of(
            "another run holds the lock",
            liveness(new RunResult.Busy("another run (reconcile) holds lock")),
            Kind.OK,
            ExitCodes.OK,
            "OK glusterd answers; reconcile skipped: another run (reconcile) holds lock"),
        Arguments.of(
            "a healthy pool",
            liveness(ran(List.of(healthy(0), healthy(2)), List.of())),
            Kind.OK,
            ExitCodes.OK,
            "OK glusterd answers; 2/2 peers healthy; no action"),
        Arguments.of(
            "a run whose deadline came before it checked a missing member",
            liveness(
                new RunResult.Ran(
                    World.of(
                        POD1,
                        Observed.known(PoolView.of(List.of(healthy(0), healthy(2)))),
                        Observed.known(desired(0, 1, 2, 3)),
                        NOW),
                    new Plan(
                        List.of(),
                        List.of(Finding.info(fqdn(3), Reason.of(ReasonCode.TARGET_NOT_CHECKED))),
                        Memory.EMPTY),
                    List.of())),
            Kind.OK,
            ExitCodes.OK,
            "OK glusterd answers; 2/2 peers healthy; no action; run deadline reached before"
                + " checking 1 member(s) (the next run goes on)"),
        Arguments.of(
            "a run whose deadline came before its action",
            liveness(
                ran(
                    List.of(healthy(0), healthy(2)),
                    List.of(
                        new Reconciler.Outcome(
                            new Action.Probe(fqdn(3), Reason.of(ReasonCode.MISSING_MEMBER)),
                            false,
                            Reconciler.SKIPPED_AT_DEADLINE)))),
            Kind.OK,
            ExitCodes.OK,
            "OK glusterd answers; 2/2 peers healthy; 1 action(s), 0 done, 1 not done;"
                + " run deadline reached before 1 action(s) (the next run goes on)"),
        Arguments.of(
            "a repair requested",
            liveness(
                ran(
                    List.of(rejected(0), rejected(2)),
                    List.of(
                        repairOutcome(
                            new RepairRequest(
                                RepairLedger.Decision.REQUESTED, 0, Optional.empty()))))),
            Kind.UNHEALTHY,
            ExitCodes.REPAIR_PENDING,
            "UNHEALTHY repair requested: repair " + fqdn(1) + " drift from " + fqdn(0)),
        Arguments.of(
            "a repair that could not be recorded",
            liveness(
                ran(
                    List.of(rejected(0), rejected(2)),
                    List.of(
                        repairOutcome(
                            new RepairRequest(
                                RepairLedger.Decision.REQUESTED,
                                0,
                                Optional.of("No space left on device")))))),
            Kind.OK,
            ExitCodes.OK,
            "OK glusterd answers; ERROR repair needed but the request could not be recorded"
                + " (No space left on device)"),
        Arguments.of(
            "a repair backing off",
            liveness(
                ran(
                    List.of(rejected(0), rejected(2)),
                    List.of(
                        repairOutcome(
                            new RepairRequest(
                                RepairLedger.Decision.BACKING_OFF, 1, Optional.empty()))))),
            Kind.OK,
            ExitCodes.OK,
            "OK glusterd answers; ERROR repair needed but backing off after 1 attempt(s)"),
        Arguments.of(
            "repairs given up",
            liveness(
                ran(
                    List.of(rejected(0), rejected(2)),
                    List.of(
                        repairOutcome(
                            new RepairRequest(
                                RepairLedger.Decision.GIVEN_UP, 3, Optional.empty()))))),
            Kind.OK,
            ExitCodes.OK,
            "OK glusterd answers; ERROR repair needed but GIVEN UP after 3 attempts"),
        Arguments.of(
            "a repair while the repair history is unknown",
            liveness(
                ran(
                    List.of(rejected(0), rejected(2)),
                    List.of(
                        repairOutcome(
                            new RepairRequest(
                                RepairLedger.Decision.HISTORY_UNKNOWN,
                                0,
                                Optional.empty(),
                                Optional.of(Instant.parse("2026-01-01T00:00:00Z"))))))),
            Kind.OK,
            ExitCodes.OK,
            "OK glusterd answers; ERROR repair needed but the repair history is unknown since"
                + " 2026-01-01T00:00:00Z (the state file was damaged; kept aside in /state);"
                + " no repair is asked for before 2026-01-02T00:00:00Z, unless a person removes"
                + " /state/state.json"));
  }

  private static final Path STATE_DIR = Path.of("/state");

  private static Verdict liveness(RunResult result) {
    return LivenessVerdict.of(result, STATE_DIR);
  }

  // ---- readiness

  static Stream<Arguments> readiness() {
    Observed<DesiredMembers> notAsked = Observed.unknown("not looked at");
    return Stream.of(
        Arguments.of(
            "a pending repair",
            ReadinessVerdict.repairPending(PENDING),
            Kind.NOT_READY,
            ExitCodes.UNHEALTHY,
            "NOT READY repair pending: drift from"),
        Arguments.of(
            "glusterd does not answer",
            ReadinessVerdict.of(SILENT, notAsked, POD1),
            Kind.NOT_READY,
            ExitCodes.UNHEALTHY,
            "NOT READY glusterd does not answer: exit 1"),
        Arguments.of(
            "the pool cannot be listed",
            ReadinessVerdict.of(
                new GlusterClient.Liveness(true, Observed.unknown("peer status: failed"), ""),
                notAsked,
                POD1),
            Kind.NOT_READY,
            ExitCodes.UNHEALTHY,
            "NOT READY pool unknown: peer status: failed"),
        Arguments.of(
            "a healthy peer",
            ReadinessVerdict.of(answers(healthy(0), rejected(2)), notAsked, POD1),
            Kind.READY,
            ExitCodes.OK,
            "READY member of a pool of 3, 1 peers healthy"),
        Arguments.of(
            "every peer rejected",
            ReadinessVerdict.of(answers(rejected(0), rejected(2)), notAsked, POD1),
            Kind.NOT_READY,
            ExitCodes.UNHEALTHY,
            "NOT READY no healthy peer among 2 (rejected or disconnected)"),
        Arguments.of(
            "alone, desired unknown",
            ReadinessVerdict.of(answers(), Observed.unknown("NXDOMAIN"), POD1),
            Kind.NOT_READY,
            ExitCodes.UNHEALTHY,
            "NOT READY alone, and desired members unknown: NXDOMAIN"),
        Arguments.of(
            "alone, the lowest desired ordinal: the founder",
            ReadinessVerdict.of(answers(), Observed.known(desired(1, 2)), POD1),
            Kind.READY,
            ExitCodes.OK,
            "READY alone, the pool's founder (ordinal 1)"),
        Arguments.of(
            "alone, a lower ordinal is desired",
            ReadinessVerdict.of(answers(), Observed.known(desired(0, 1, 2)), POD1),
            Kind.NOT_READY,
            ExitCodes.UNHEALTHY,
            "NOT READY alone; waiting for the pool to probe this pod"),
        Arguments.of(
            "alone, no desired member at all",
            ReadinessVerdict.of(answers(), Observed.known(desired()), POD1),
            Kind.READY,
            ExitCodes.OK,
            "READY alone, the pool's founder"));
  }

  // ---- prestop

  static final VolumeBricks BRICK_ON_POD3 =
      new VolumeBricks(
          List.of(
              new VolumeBricks.Brick(
                  "v1", "glusterfs-3", "/srv/b", "33333333-3333-4333-8333-333333333333")));

  static Stream<Arguments> prestop() {
    Observed<VolumeBricks> notAsked = Observed.unknown("not looked at");
    return Stream.of(
        Arguments.of(
            "no ordinal",
            PrestopVerdict.staying(
                    new Self("glusterfs", "default", "glusterfs", "cluster.local"),
                    Observed.unknown("not looked at"),
                    notAsked,
                    Optional.empty())
                .orElseThrow(),
            Kind.STAYING,
            ExitCodes.CANNOT_SEE,
            "STAYING pod name 'glusterfs' has no ordinal"),
        Arguments.of(
            "spec.replicas unknown",
            PrestopVerdict.staying(pod(3), Observed.unknown("403"), notAsked, Optional.empty())
                .orElseThrow(),
            Kind.STAYING,
            ExitCodes.CANNOT_SEE,
            "STAYING cannot tell a scale-down from a restart: spec.replicas unknown (403)"),
        Arguments.of(
            "a restart, not a scale-down",
            PrestopVerdict.staying(pod(1), Observed.known(3), notAsked, Optional.empty())
                .orElseThrow(),
            Kind.STAYING,
            ExitCodes.OK,
            "STAYING ordinal 1 < spec.replicas 3: a pod delete, restart or drain"),
        Arguments.of(
            "scaled away, bricks unknown",
            PrestopVerdict.staying(
                    pod(3), Observed.known(3), Observed.unknown("timed out"), Optional.empty())
                .orElseThrow(),
            Kind.STAYING,
            ExitCodes.CANNOT_SEE,
            "STAYING scaled away, but bricks unknown: timed out"),
        Arguments.of(
            "scaled away with a brick",
            PrestopVerdict.staying(
                    pod(3), Observed.known(3), Observed.known(BRICK_ON_POD3), Optional.empty())
                .orElseThrow(),
            Kind.STAYING,
            ExitCodes.UNHEALTHY,
            "STAYING scaled away, but this pod hosts bricks of [v1]"),
        Arguments.of(
            "detached",
            PrestopVerdict.afterWaiting(pod(3), 3, true),
            Kind.LEFT,
            ExitCodes.OK,
            "LEFT ordinal 3 >= spec.replicas 3: detached from the pool"),
        Arguments.of(
            "still in the pool at the deadline",
            PrestopVerdict.afterWaiting(pod(3), 3, false),
            Kind.NOT_LEFT,
            ExitCodes.UNHEALTHY,
            "NOT LEFT ordinal 3 >= spec.replicas 3: still in the pool at the deadline"));
  }

  @ParameterizedTest(name = "liveness, {0}")
  @MethodSource("liveness")
  void liveness(String what, Verdict v, Kind kind, int exitCode, String line) {
    check(v, kind, exitCode, line);
  }

  @ParameterizedTest(name = "readiness, {0}")
  @MethodSource("readiness")
  void readiness(String what, Verdict v, Kind kind, int exitCode, String line) {
    check(v, kind, exitCode, line);
  }

  @ParameterizedTest(name = "prestop, {0}")
  @MethodSource("prestop")
  void prestop(String what, Verdict v, Kind kind, int exitCode, String line) {
    check(v, kind, exitCode, line);
  }

  @Test
  void aPodScaledAwayWithoutBricksLeaves() {
    assertThat(
            PrestopVerdict.staying(
                pod(3), Observed.known(3), Observed.known(VolumeBricks.NONE), Optional.empty()))
        .isEmpty();
    assertThat(PrestopVerdict.scaledAway(pod(3), Observed.known(3))).isTrue();
    assertThat(PrestopVerdict.scaledAway(pod(2), Observed.known(3))).isFalse();
    assertThat(PrestopVerdict.scaledAway(pod(3), Observed.unknown("403"))).isFalse();
  }

  @Test
  void theRunLinesFollowTheFirstLine() {
    Verdict v =
        liveness(
            ran(
                List.of(rejected(0), rejected(2)),
                List.of(
                    repairOutcome(
                        new RepairRequest(RepairLedger.Decision.REQUESTED, 0, Optional.empty())))));

    assertThat(v.lines()).hasSize(2);
    assertThat(v.details()).singleElement().asString().startsWith("DONE repair " + fqdn(1));
  }

  private static void check(Verdict v, Kind kind, int exitCode, String line) {
    assertThat(v.kind()).isEqualTo(kind);
    assertThat(v.exitCode()).isEqualTo(exitCode);
    assertThat(v.line()).startsWith(line);
  }
}
