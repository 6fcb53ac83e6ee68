package io.glusterctl.probe.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ManualTime;
import io.glusterctl.probe.gluster.FakeGlusterClient;
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
import io.glusterctl.probe.observe.Observation;
import io.glusterctl.probe.parse.PoolList;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  /** This pod and every other member are alone. */
  private static FakeGlusterClient aloneAmongLoners() {
    return FakeGlusterClient.alone().otherRemotes(host -> Observed.known(PoolView.of(List.of())));
  }

  private static String fqdn(int o) {
    return "glusterfs-" + o + ".glusterfs.default.svc.cluster.local";
  }

  private static DesiredMembers desired(int n) {
    return new DesiredMembers(
        DesiredMembers.Source.API,
        OptionalInt.of(n),
        IntStream.range(0, n).mapToObj(o -> new Member(o, fqdn(o))).toList());
  }

  @Test
  void aPodThatIsAloneAsksEachOtherMemberForItsViewOnce() {
    FakeGlusterClient gluster = aloneAmongLoners();
    Reconciler r = reconciler(gluster, 3, host -> true);
    Self pod0 = new Self("glusterfs-0", "default", "glusterfs", "cluster.local");

    Reconciler.Pass pass = r.observeAndPlan(pod0, gluster.localPool().pool(), Memory.EMPTY);

    assertThat(gluster.calls())
        .containsExactlyInAnyOrder(
            "local peer status", "remote peer status " + fqdn(1), "remote peer status " + fqdn(2));
    assertThat(pass.world().remoteViews()).containsOnlyKeys(fqdn(1), fqdn(2));
    assertThat(pass.plan().actions())
        .extracting(a -> a.type() + " " + a.host())
        .containsExactly("probe " + fqdn(1), "probe " + fqdn(2));
  }

  /** A reconciler for a StatefulSet of {@code n} pods (API), with 8 s calls and 20 s to go. */
  private static Reconciler reconciler(GlusterClient gluster, int n, TargetProber prober) {
    return reconciler(gluster, n, prober, Duration.ofSeconds(20));
  }

  private static Reconciler reconciler(
      GlusterClient gluster, int n, TargetProber prober, Duration left) {
    DesiredMembers desired = desired(n);
    return new Reconciler(
        new Reconciler.Ports(gluster, deadline -> Observation.known(desired, List.of()), prober),
        new Planner(PlannerSettings.DEFAULTS),
        Deadline.in(left, new ManualTime(NOW)),
        Duration.ofSeconds(8));
  }

  @Test
  void aPodThatIsAloneConnectsToEachOtherMemberAndAsksAtMostFiveOfThemNoPeerCountEach() {
    FakeGlusterClient gluster = aloneAmongLoners();
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

    Reconciler.Pass pass = r.observeAndPlan(pod3, gluster.localPool().pool(), Memory.EMPTY);

    assertThat(connects).as("one connect per other member, none again for the views").hasSize(7);
    assertThat(pass.world().targets()).hasSize(7);
    // the read-only views for the rejection check, at most five: not one per member
    assertThat(gluster.calls().stream().filter(c -> c.startsWith("remote peer status"))).hasSize(5);
    assertThat(pass.plan().actions()).isEmpty();
    assertThat(pass.plan().findings())
        .extracting(f -> f.reason().code().name())
        .contains("ALONE_NOT_FIRST");
  }

  @Test
  void aPodThatIsAloneWhoseLowerOrdinalsDoNotAnswerFormsThePoolWithTheHigherOnes() {
    FakeGlusterClient gluster = aloneAmongLoners();
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

    Reconciler.Pass pass = r.observeAndPlan(pod2, gluster.localPool().pool(), Memory.EMPTY);

    assertThat(connects).containsExactlyInAnyOrder(fqdn(0), fqdn(1), fqdn(3), fqdn(4));
    assertThat(gluster.calls())
        .as("members that do not answer are not asked for their view")
        .doesNotContain("remote peer status " + fqdn(0), "remote peer status " + fqdn(1))
        .contains("remote peer status " + fqdn(3), "remote peer status " + fqdn(4));
    assertThat(pass.plan().actions())
        .extracting(a -> a.type() + " " + a.host())
        .containsExactly("probe " + fqdn(3), "probe " + fqdn(4));
  }

  @Test
  void theLoneCoordinatorOfANewStatefulSetOf32ProbesEveryoneInOnePass() {
    FakeGlusterClient gluster = aloneAmongLoners().probeAnswers(true, "ok");
    Reconciler r = reconciler(gluster, 32, host -> true);
    Self pod0 = new Self("glusterfs-0", "default", "glusterfs", "cluster.local");

    Reconciler.Pass pass = r.observeAndPlan(pod0, gluster.localPool().pool(), Memory.EMPTY);
    List<Reconciler.Outcome> done = r.act(pass.plan(), x -> null, false);

    assertThat(gluster.calls().stream().filter(c -> c.startsWith("remote"))).hasSize(5);
    assertThat(gluster.calls().stream().filter(c -> c.startsWith("probe "))).hasSize(31);
    assertThat(done).hasSize(31).allMatch(Reconciler.Outcome::done);
    assertThat(gluster.calls()).as("1 peer status, 5 views, 31 probes").hasSize(37);
  }

  /**
   * Every remote call hangs for the CLI's whole timeout (a SIGSTOPped glusterd), unless cut off by
   * the deadline of {@link #within}; a probe takes 200 ms. Moves {@code time} by what each call
   * takes.
   */
  static final class HungRemotes implements GlusterClient {
    final ManualTime time;
    final Optional<Deadline> cutOff;
    final List<String> calls;

    HungRemotes(ManualTime time, Optional<Deadline> cutOff, List<String> calls) {
      this.time = time;
      this.cutOff = cutOff;
      this.calls = calls;
    }

    @Override
    public GlusterClient within(Duration d) {
      return new HungRemotes(
          time,
          Optional.of(cutOff.map(c -> c.within(d)).orElseGet(() -> Deadline.in(d, time))),
          calls);
    }

    @Override
    public Liveness localPool() {
      throw new UnsupportedOperationException("the pool is given");
    }

    @Override
    public Observed<PoolView> remotePool(String host) {
      calls.add("remote peer status " + host);
      Duration hang = Duration.ofSeconds(10);
      Duration left = cutOff.map(Deadline::remaining).orElse(hang.plusSeconds(1));
      if (hang.compareTo(left) >= 0) {
        time.advance(left);
        return Observed.unknown(host + ": killed at its deadline");
      }
      time.advance(hang);
      return Observed.unknown(host + ": Error : Request timed out");
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
      time.advance(Duration.ofMillis(200));
      return new Outcome(true, "ok");
    }

    @Override
    public Outcome detach(String host) {
      calls.add("detach " + host);
      return new Outcome(true, "ok");
    }

    @Override
    public Outcome forceDetach(String host) {
      calls.add("detach " + host + " force");
      return new Outcome(true, "ok");
    }
  }

  @Test
  void hungMembersTheCoordinatorAsksForTheirViewsStillLeaveItTimeToProbe() {
    ManualTime time = new ManualTime(NOW);
    HungRemotes gluster = new HungRemotes(time, Optional.empty(), new ArrayList<>());
    DesiredMembers desired = desired(8);
    Deadline deadline = Deadline.in(Duration.ofSeconds(20), time);
    Reconciler r =
        new Reconciler(
            new Reconciler.Ports(gluster, d -> Observation.known(desired, List.of()), host -> true),
            new Planner(PlannerSettings.DEFAULTS),
            deadline,
            Duration.ofSeconds(8));
    Self pod0 = new Self("glusterfs-0", "default", "glusterfs", "cluster.local");
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

    Reconciler.Pass pass = r.observeAndPlan(pod0, pool, Memory.EMPTY);
    List<Reconciler.Outcome> done = r.act(pass.plan(), x -> null, false);

    assertThat(pass.world().remoteViews()).as("the views were asked").isNotEmpty();
    assertThat(done).as("probes of 4..7").hasSize(4).allMatch(Reconciler.Outcome::done);
    assertThat(deadline.expired()).as("the run ended within its deadline").isFalse();
  }

  private static String uuid(int o) {
    return String.format("00000000-0000-4000-8000-%012d", o);
  }

  /**
   * A founder late in its run (a slow JVM start and observation on a busy node) still forms the
   * pool: its calls get the time that is left, at least 2 s, instead of waiting for room for a
   * whole 8 s call timeout, which in CI skipped every probe of a 3-pod pool, run after run.
   */
  @Test
  void aFounderWithLessThanAWholeCallTimeoutLeftStillProbesAndActs() {
    FakeGlusterClient gluster = aloneAmongLoners();

    Acted run = founderOfThreeActs(gluster, Duration.ofSeconds(5));

    assertThat(run.pass().plan().actions())
        .extracting(a -> a.type() + " " + a.host())
        .containsExactly("probe " + fqdn(1), "probe " + fqdn(2));
    assertThat(run.outcomes()).allMatch(Reconciler.Outcome::done);
  }

  @Test
  void aRunWithLessThanTheShortestCallAndTheMarginLeftStartsNoCall() {
    FakeGlusterClient gluster = aloneAmongLoners();

    founderOfThreeActs(gluster, Duration.ofMillis(3900));

    assertThat(gluster.calls())
        .as("no call beyond the local one")
        .containsExactly("local peer status");
  }

  /** One pass and what its actions came to. */
  private record Acted(Reconciler.Pass pass, List<Reconciler.Outcome> outcomes) {}

  /**
   * Pod 0 of a 3-pod StatefulSet whose pods are all alone, with {@code left} of its run: one
   * observe-and-plan pass, then its actions carried out.
   */
  private static Acted founderOfThreeActs(FakeGlusterClient gluster, Duration left) {
    Reconciler r = reconciler(gluster, 3, host -> true, left);
    Self pod0 = new Self("glusterfs-0", "default", "glusterfs", "cluster.local");
    Reconciler.Pass pass = r.observeAndPlan(pod0, gluster.localPool().pool(), Memory.EMPTY);
    return new Acted(pass, r.act(pass.plan(), req -> null, false));
  }
}
