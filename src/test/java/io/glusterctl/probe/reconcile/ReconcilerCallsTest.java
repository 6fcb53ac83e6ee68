package io.glusterctl.probe.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.parse.PoolList;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How many gluster calls one pass makes. Every call costs a CLI process and a round trip to a
 * glusterd, and all of them share the run's deadline: on a busy machine a pass that asks the same
 * member twice runs out of time before it can act.
 */
class ReconcilerCallsTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  /** Counts the calls; every other member is alone too. */
  static class CountingGluster implements GlusterClient {
    final List<String> calls = new ArrayList<>();

    @Override
    public Liveness localPool() {
      calls.add("local peer status");
      return new Liveness(true, Observed.known(PoolView.of(List.of())), "");
    }

    @Override
    public Observed<PoolView> remotePool(String host) {
      calls.add("remote peer status " + host);
      return Observed.known(PoolView.of(List.of()));
    }

    @Override
    public Observed<PoolList> remotePoolList(String host) {
      calls.add("remote pool list " + host);
      return Observed.unknown("not asked in this test");
    }

    @Override
    public Observed<VolumeBricks> bricks() {
      calls.add("volume info");
      return Observed.unknown("not asked in this test");
    }

    @Override
    public Outcome probe(String host) {
      calls.add("probe " + host);
      return new Outcome(true, "ok");
    }

    @Override
    public Outcome detach(String host) {
      calls.add("detach " + host);
      return new Outcome(true, "ok");
    }

    @Override
    public Outcome forceDetach(String host) {
      calls.add("force detach " + host);
      return new Outcome(true, "ok");
    }
  }

  private static String fqdn(int o) {
    return "glusterfs-" + o + ".glusterfs.default.svc.cluster.local";
  }

  @Test
  void aPodThatIsAloneAsksEachOtherMemberForItsViewOnce() {
    CountingGluster gluster = new CountingGluster();
    Reconciler r = reconciler(gluster, 3, host -> true);
    Self pod0 = new Self("glusterfs-0", "default", "glusterfs", "cluster.local");

    Reconciler.Pass pass =
        r.observeAndPlan(pod0, gluster.localPool().pool(), Memory.EMPTY, NOW.plusSeconds(20));

    assertThat(gluster.calls)
        .containsExactlyInAnyOrder(
            "local peer status", "remote peer status " + fqdn(1), "remote peer status " + fqdn(2));
    assertThat(pass.world().remoteViews()).containsOnlyKeys(fqdn(1), fqdn(2));
    assertThat(pass.plan().actions())
        .extracting(a -> a.type() + " " + a.host())
        .containsExactly("probe " + fqdn(1), "probe " + fqdn(2));
  }

  /** A reconciler for a StatefulSet of {@code n} pods (API), with a 9 s call budget. */
  private static Reconciler reconciler(CountingGluster gluster, int n, TargetProber prober) {
    DesiredMembers desired =
        new DesiredMembers(
            DesiredMembers.Source.API,
            OptionalInt.of(n),
            IntStream.range(0, n).mapToObj(o -> new Member(o, fqdn(o))).toList());
    return new Reconciler(
        gluster,
        () -> Observed.known(desired),
        prober,
        new Planner(PlannerSettings.DEFAULTS),
        Clock.fixed(NOW, ZoneOffset.UTC),
        Duration.ofSeconds(9));
  }

  @Test
  void aPodThatIsAloneConnectsToEachOtherMemberAndAsksAtMostFiveOfThemNoPeerCountEach() {
    CountingGluster gluster = new CountingGluster();
    List<String> connects = new ArrayList<>();
    Reconciler r =
        reconciler(
            gluster,
            8,
            host -> {
              connects.add(host);
              return true;
            });
    Self pod3 = new Self("glusterfs-3", "default", "glusterfs", "cluster.local");

    Reconciler.Pass pass =
        r.observeAndPlan(pod3, gluster.localPool().pool(), Memory.EMPTY, NOW.plusSeconds(20));

    assertThat(connects).as("one connect per other member, none again for the views").hasSize(7);
    assertThat(pass.world().targets()).hasSize(7);
    // the read-only views for the rejection check, at most five: not one per member
    assertThat(gluster.calls.stream().filter(c -> c.startsWith("remote peer status"))).hasSize(5);
    assertThat(pass.plan().actions()).isEmpty();
    assertThat(pass.plan().findings())
        .extracting(f -> f.reason().code().name())
        .contains("ALONE_NOT_FIRST");
  }

  @Test
  void aPodThatIsAloneWhoseLowerOrdinalsDoNotAnswerFormsThePoolWithTheHigherOnes() {
    CountingGluster gluster = new CountingGluster();
    List<String> connects = new ArrayList<>();
    Reconciler r =
        reconciler(
            gluster,
            5,
            host -> {
              connects.add(host);
              return !host.equals(fqdn(0)) && !host.equals(fqdn(1));
            });
    Self pod2 = new Self("glusterfs-2", "default", "glusterfs", "cluster.local");

    Reconciler.Pass pass =
        r.observeAndPlan(pod2, gluster.localPool().pool(), Memory.EMPTY, NOW.plusSeconds(20));

    assertThat(connects).containsExactlyInAnyOrder(fqdn(0), fqdn(1), fqdn(3), fqdn(4));
    assertThat(gluster.calls)
        .as("members that do not answer are not asked for their view")
        .doesNotContain("remote peer status " + fqdn(0), "remote peer status " + fqdn(1))
        .contains("remote peer status " + fqdn(3), "remote peer status " + fqdn(4));
    assertThat(pass.plan().actions())
        .extracting(a -> a.type() + " " + a.host())
        .containsExactly("probe " + fqdn(3), "probe " + fqdn(4));
  }

  @Test
  void theLoneCoordinatorOfANewStatefulSetOf32ProbesEveryoneInOnePass() {
    CountingGluster gluster = new CountingGluster();
    Reconciler r = reconciler(gluster, 32, host -> true);
    Self pod0 = new Self("glusterfs-0", "default", "glusterfs", "cluster.local");

    Reconciler.Pass pass =
        r.observeAndPlan(pod0, gluster.localPool().pool(), Memory.EMPTY, NOW.plusSeconds(20));
    List<Reconciler.Outcome> done = r.act(pass.plan(), x -> false, false, NOW.plusSeconds(20));

    assertThat(gluster.calls.stream().filter(c -> c.startsWith("remote"))).hasSize(5);
    assertThat(gluster.calls.stream().filter(c -> c.startsWith("probe "))).hasSize(31);
    assertThat(done).hasSize(31).allMatch(Reconciler.Outcome::done);
    assertThat(gluster.calls).as("1 peer status, 5 views, 31 probes").hasSize(37);
  }

  /** A clock that a test moves; the fake gluster below moves it by what each call takes. */
  static final class StepClock extends Clock {
    Instant now = NOW;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /**
   * Every remote call hangs for the CLI's whole timeout (a SIGSTOPped glusterd), unless cut off.
   */
  static final class HungRemotes extends CountingGluster {
    final StepClock clock;
    final Instant cutOff;

    HungRemotes(StepClock clock, Instant cutOff) {
      this.clock = clock;
      this.cutOff = cutOff;
    }

    @Override
    public GlusterClient within(Duration d) {
      HungRemotes h = new HungRemotes(clock, clock.now.plus(d));
      h.calls.addAll(calls);
      return new GlusterClient() {
        @Override
        public Liveness localPool() {
          return HungRemotes.this.localPool();
        }

        @Override
        public Observed<PoolView> remotePool(String host) {
          Observed<PoolView> v = h.remotePool(host);
          HungRemotes.this.calls.add("remote peer status " + host);
          return v;
        }

        @Override
        public Observed<PoolList> remotePoolList(String host) {
          return h.remotePoolList(host);
        }

        @Override
        public Observed<VolumeBricks> bricks() {
          return HungRemotes.this.bricks();
        }

        @Override
        public Outcome probe(String host) {
          return HungRemotes.this.probe(host);
        }

        @Override
        public Outcome detach(String host) {
          return HungRemotes.this.detach(host);
        }

        @Override
        public Outcome forceDetach(String host) {
          return HungRemotes.this.forceDetach(host);
        }
      };
    }

    @Override
    public Observed<PoolView> remotePool(String host) {
      Instant end = clock.now.plusSeconds(10);
      if (end.isAfter(cutOff)) {
        clock.now = cutOff.isAfter(clock.now) ? cutOff : clock.now;
        return Observed.unknown(host + ": killed at its deadline");
      }
      clock.now = end;
      return Observed.unknown(host + ": Error : Request timed out");
    }

    @Override
    public Outcome probe(String host) {
      clock.now = clock.now.plusMillis(200);
      return super.probe(host);
    }
  }

  @Test
  void hungMembersTheCoordinatorAsksForTheirViewsStillLeaveItTimeToProbe() {
    StepClock clock = new StepClock();
    HungRemotes gluster = new HungRemotes(clock, Instant.MAX);
    DesiredMembers desired =
        new DesiredMembers(
            DesiredMembers.Source.API,
            OptionalInt.of(8),
            IntStream.range(0, 8).mapToObj(o -> new Member(o, fqdn(o))).toList());
    Reconciler r =
        new Reconciler(
            gluster,
            () -> Observed.known(desired),
            host -> true,
            new Planner(PlannerSettings.DEFAULTS),
            clock,
            Duration.ofSeconds(9));
    Self pod0 = new Self("glusterfs-0", "default", "glusterfs", "cluster.local");
    Instant deadline = NOW.plusSeconds(20);
    // pod-0 is in a pool with 1..3, whose peers 4..7 are missing: a handshake under way with 3
    // makes it ask its connected members for their views, and those glusterds hang
    Observed<PoolView> pool =
        Observed.known(
            PoolView.of(
                    List.of(
                        Peer.of(uuid(1), fqdn(1), PeerState.PEER_IN_CLUSTER, true),
                        Peer.of(uuid(2), fqdn(2), PeerState.PEER_IN_CLUSTER, true),
                        Peer.of(uuid(3), fqdn(3), PeerState.SENT_AND_RECEIVED_PEER_REQUEST, true)))
                .withSelfUuid(uuid(0)));

    Reconciler.Pass pass = r.observeAndPlan(pod0, pool, Memory.EMPTY, deadline);
    List<Reconciler.Outcome> done = r.act(pass.plan(), x -> false, false, deadline);

    assertThat(pass.world().remoteViews()).as("the views were asked").isNotEmpty();
    assertThat(done).as("probes of 4..7").hasSize(4).allMatch(Reconciler.Outcome::done);
    assertThat(clock.now).as("the run ended within its deadline").isBefore(deadline);
  }

  private static String uuid(int o) {
    return String.format("00000000-0000-4000-8000-%012d", o);
  }
}
