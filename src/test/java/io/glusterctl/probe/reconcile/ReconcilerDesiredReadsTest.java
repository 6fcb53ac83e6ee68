package io.glusterctl.probe.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ManualTime;
import io.glusterctl.probe.gluster.FakeGlusterClient;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.observe.Observation;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How often a pass reads the desired members (an HTTPS request to the API in the manifest's setup).
 * The probes' runs read them only where they can change the plan; {@code status} and {@code plan}
 * always read them, to show them.
 */
class ReconcilerDesiredReadsTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private static String fqdn(int o) {
    return "glusterfs-" + o + ".glusterfs.default.svc.cluster.local";
  }

  private static Self pod(int o) {
    return new Self("glusterfs-" + o, "default", "glusterfs", "cluster.local");
  }

  private static String uuid(int o) {
    return String.format("00000000-0000-4000-8000-%012d", o);
  }

  private static Peer peer(int o, boolean connected) {
    return Peer.of(uuid(o), fqdn(o), PeerState.PEER_IN_CLUSTER, connected);
  }

  private static PoolView view(int self, Peer... peers) {
    return PoolView.of(List.of(peers)).withSelfUuid(uuid(self));
  }

  /** Counts the reads of a StatefulSet of {@code n} pods' desired members. */
  private static final class CountingApi {
    final AtomicInteger reads = new AtomicInteger();
    final DesiredMembers desired;

    CountingApi(int n) {
      desired =
          new DesiredMembers(
              DesiredMembers.Source.API,
              OptionalInt.of(n),
              IntStream.range(0, n).mapToObj(o -> new Member(o, fqdn(o))).toList());
    }
  }

  private static Reconciler reconciler(FakeGlusterClient gluster, CountingApi api) {
    return new Reconciler(
        new Reconciler.Ports(
            gluster,
            deadline -> {
              api.reads.incrementAndGet();
              return Observation.known(api.desired, List.of());
            },
            host -> true),
        new Planner(PlannerSettings.DEFAULTS),
        Deadline.in(Duration.ofSeconds(20), new ManualTime(NOW)),
        Duration.ofSeconds(8));
  }

  /** A probe's pass of pod {@code self}, its local pool already read. */
  private static Reconciler.Pass probeRun(
      FakeGlusterClient gluster, CountingApi api, int self, PoolView pool) {
    return reconciler(gluster, api)
        .readingDesiredOnlyWhenNeeded()
        .observeAndPlan(pod(self), Observed.known(pool), Memory.EMPTY);
  }

  @Test
  void aPlainMemberOfAHealthyPoolDoesNotReadThemInAProbeRun() {
    PoolView pool = view(2, peer(0, true), peer(1, true));
    FakeGlusterClient gluster = FakeGlusterClient.withPool(pool);
    CountingApi api = new CountingApi(3);

    Reconciler.Pass pass = probeRun(gluster, api, 2, pool);

    assertThat(api.reads).hasValue(0);
    assertThat(pass.world().desiredNotRead()).isTrue();
    assertThat(pass.plan().actions()).isEmpty();
    assertThat(pass.plan().findings())
        .extracting(f -> f.reason().code())
        .containsExactly(ReasonCode.MEMBER_HEALTHY);
    assertThat(gluster.calls()).as("no gluster call beyond the one already made").isEmpty();
  }

  @Test
  void statusAndPlanReadThemForAPlainMemberToo() {
    PoolView pool = view(2, peer(0, true), peer(1, true));
    CountingApi api = new CountingApi(3);

    Reconciler.Pass pass =
        reconciler(FakeGlusterClient.withPool(pool), api)
            .observeAndPlan(pod(2), Observed.known(pool), Memory.EMPTY);

    assertThat(api.reads).hasValue(1);
    assertThat(pass.plan().findings())
        .extracting(f -> f.reason().code())
        .containsExactly(ReasonCode.HEALTHY);
  }

  @Test
  void theCoordinatorReadsThemEveryRunAndSeesAScaleDown() {
    // pods 3 and 4 still connected while their preStop waits: only spec.replicas shows it
    PoolView pool = view(0, peer(1, true), peer(2, true), peer(3, true), peer(4, true));
    FakeGlusterClient gluster = FakeGlusterClient.withPool(pool).bricks(VolumeBricks.NONE);
    CountingApi api = new CountingApi(3);

    Reconciler.Pass pass = probeRun(gluster, api, 0, pool);

    assertThat(api.reads).hasValue(1);
    assertThat(pass.plan().actions())
        .extracting(a -> a.type() + " " + a.host())
        .contains("detach " + fqdn(4));
  }

  @Test
  void aPlainMemberWithAPeerDownReadsThem() {
    PoolView pool = view(2, peer(0, false), peer(1, true));
    CountingApi api = new CountingApi(3);

    Reconciler.Pass pass = probeRun(FakeGlusterClient.withPool(pool), api, 2, pool);

    assertThat(api.reads).hasValue(1);
    assertThat(pass.plan().findings())
        .extracting(f -> f.reason().code())
        .contains(ReasonCode.DISCONNECTED_MEMBER);
  }
}
