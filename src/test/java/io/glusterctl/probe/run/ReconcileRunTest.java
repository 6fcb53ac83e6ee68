package io.glusterctl.probe.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.events.EventReason;
import io.glusterctl.probe.events.EventSink;
import io.glusterctl.probe.events.KubeEvent;
import io.glusterctl.probe.events.ObjectRef;
import io.glusterctl.probe.events.RunEvents;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ManualTime;
import io.glusterctl.probe.gluster.FakeGlusterClient;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.observe.Observation;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.RepairRequest;
import io.glusterctl.probe.reconcile.RunResult;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.state.LockAttempt;
import io.glusterctl.probe.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one reconcile entry point: lock, observe, plan, act, save, and what came of it; with the one
 * fake gluster, a fixed desired set of three, and a real state directory.
 */
class ReconcileRunTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final Self POD1 = new Self("glusterfs-1", "default", "glusterfs", "cluster.local");

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  static final RunEvents EVENTS =
      new RunEvents(
          ObjectRef.pod("default", "glusterfs-1", Optional.of("uid-1")),
          ObjectRef.statefulSet("default", "glusterfs", Optional.empty()));

  /** The Events each post was given; a post finds the run lock free (or says it did not). */
  final List<List<KubeEvent>> posted = new ArrayList<>();

  final List<Boolean> lockFreeWhilePosting = new ArrayList<>();

  EventSink sink =
      (events, now, deadline) -> {
        posted.add(List.copyOf(events));
        lockFreeWhilePosting.add(
            this.store.lock(Duration.ZERO, "poster") instanceof LockAttempt.Acquired a
                && release(a));
        return new EventSink.Posted(events.size(), events.size(), List.of());
      };

  static boolean release(LockAttempt.Acquired a) {
    a.session().close();
    return true;
  }

  ManualTime time;
  StateStore store;
  PodState state;
  final List<String> warnings = new ArrayList<>();

  @BeforeEach
  void setUp() {
    time = new ManualTime(NOW);
    store = new StateStore(tmp.resolve("state"), time);
    state =
        new PodState(
            store, Duration.ofSeconds(5), Deadline.in(Duration.ofSeconds(20), time), warnings::add);
  }

  static String fqdn(int o) {
    return "glusterfs-" + o + ".glusterfs.default.svc.cluster.local";
  }

  static String uuid(int o) {
    return String.format("00000000-0000-4000-8000-%012d", o);
  }

  static Peer peer(int o, PeerState s) {
    return Peer.of(uuid(o), fqdn(o), s, true);
  }

  static PoolView view(int self, Peer... peers) {
    return PoolView.of(List.of(peers)).withSelfUuid(uuid(self));
  }

  ReconcileRun run(FakeGlusterClient gluster) {
    DesiredMembers desired =
        new DesiredMembers(
            DesiredMembers.Source.API,
            OptionalInt.of(3),
            IntStream.range(0, 3).mapToObj(o -> new Member(o, fqdn(o))).toList());
    Deadline deadline = Deadline.in(Duration.ofSeconds(20), time);
    Reconciler reconciler =
        new Reconciler(
            new Reconciler.Ports(gluster, d -> Observation.known(desired, List.of()), host -> true),
            new Planner(PlannerSettings.DEFAULTS),
            deadline,
            Duration.ofSeconds(8));
    return new ReconcileRun(
        POD1, gluster, reconciler, state, new EventPosting(EVENTS, sink, deadline, warnings::add));
  }

  /** Pod 1 as pods 0 and 2 see it: rejected, while they are healthy together. */
  static FakeGlusterClient rejectedByBoth() {
    return FakeGlusterClient.withPool(
            view(1, peer(0, PeerState.PEER_REJECTED), peer(2, PeerState.PEER_REJECTED)))
        .remote(
            fqdn(0), view(0, peer(1, PeerState.PEER_REJECTED), peer(2, PeerState.PEER_IN_CLUSTER)))
        .remote(
            fqdn(2), view(2, peer(0, PeerState.PEER_IN_CLUSTER), peer(1, PeerState.PEER_REJECTED)));
  }

  @Test
  void aRunThatCannotTakeTheLockObservesAndDoesNothing() {
    FakeGlusterClient gluster = rejectedByBoth();
    try (var other = ((LockAttempt.Acquired) store.lock(Duration.ZERO, "reconcile")).session()) {
      RunResult r = run(gluster).run("liveness", false, Optional.empty());

      assertThat(r)
          .isInstanceOfSatisfying(
              RunResult.Busy.class, b -> assertThat(b.why()).contains("reconcile"));
    }
    assertThat(gluster.calls()).isEmpty();
  }

  @Test
  void aConfirmedRejectionIsRecordedForPrestartAndTheRequestSaysSo() {
    RunResult r = run(rejectedByBoth()).run("liveness", false, Optional.empty());

    RunResult.Ran ran = (RunResult.Ran) r;
    assertThat(ran.repair())
        .hasValueSatisfying(
            o -> {
              assertThat(o.done()).isTrue();
              assertThat(o.repair().map(RepairRequest::decision))
                  .contains(RepairLedger.Decision.REQUESTED);
            });
    assertThat(state.ledger().pending())
        .hasValueSatisfying(
            p -> {
              assertThat(p.kind()).isEqualTo(RepairKind.DRIFT);
              assertThat(p.reference()).isEqualTo(fqdn(0));
              assertThat(p.at()).isEqualTo(NOW);
            });
  }

  @Test
  void aDryRunActsOnNothingAndWritesNothing() throws Exception {
    FakeGlusterClient gluster = rejectedByBoth();

    RunResult.Ran ran = (RunResult.Ran) run(gluster).run("reconcile", true, Optional.empty());

    assertThat(ran.plan().actions()).isNotEmpty();
    assertThat(ran.outcomes()).allSatisfy(o -> assertThat(o.done()).isFalse());
    assertThat(state.ledger().pending()).isEmpty();
    try (var files = Files.list(tmp.resolve("state"))) {
      assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("state.json");
    }
  }

  @Test
  void aHealthyPoolStartsTheRepairCountOver() {
    RepairLedger twice =
        new RepairLedger(Optional.empty(), 2, Optional.of(NOW), "drift done", false);
    try (var s = ((LockAttempt.Acquired) store.lock(Duration.ZERO, "test")).session()) {
      s.replace(RepairLedger.PREFIX, twice.toEntries());
    }
    FakeGlusterClient healthy =
        FakeGlusterClient.withPool(
            view(1, peer(0, PeerState.PEER_IN_CLUSTER), peer(2, PeerState.PEER_IN_CLUSTER)));

    RunResult.Ran ran = (RunResult.Ran) run(healthy).run("liveness", false, Optional.empty());

    assertThat(ran.plan().actions()).isEmpty();
    assertThat(state.ledger().attempts()).isZero();
    assertThat(healthy.calls())
        .as("one gluster call in steady state")
        .containsExactly("local peer status");
  }

  @Test
  void thePoolAlreadyReadIsNotReadAgain() {
    FakeGlusterClient healthy =
        FakeGlusterClient.withPool(
            view(1, peer(0, PeerState.PEER_IN_CLUSTER), peer(2, PeerState.PEER_IN_CLUSTER)));
    var local = healthy.localPool();

    run(healthy).run("liveness", false, Optional.of(local));

    assertThat(healthy.calls()).containsExactly("local peer status");
  }

  // Events: posted after acting, with the lock released; none in steady state or a dry run

  @Test
  void aProbeIsPostedOnThePodAndTheStatefulSetAfterTheLockIsReleased() {
    FakeGlusterClient gluster =
        FakeGlusterClient.withPool(view(1, peer(2, PeerState.PEER_IN_CLUSTER)))
            .probeAnswers(true, "peer probe: success");

    RunResult.Ran ran = (RunResult.Ran) run(gluster).run("liveness", false, Optional.empty());

    assertThat(ran.outcomes()).extracting(o -> o.action().host()).containsExactly(fqdn(0));
    assertThat(posted).hasSize(1);
    assertThat(posted.get(0))
        .extracting(e -> e.regarding().kind(), KubeEvent::reason)
        .containsExactly(
            tuple("Pod", EventReason.PeerProbed), tuple("StatefulSet", EventReason.PeerProbed));
    assertThat(posted.get(0).get(0).message())
        .isEqualTo(fqdn(0) + ": " + ran.plan().actions().get(0).reason().text());
    assertThat(lockFreeWhilePosting).containsExactly(true);
  }

  @Test
  void aSteadyHealthyPoolPostsNothing() {
    FakeGlusterClient healthy =
        FakeGlusterClient.withPool(
            view(1, peer(0, PeerState.PEER_IN_CLUSTER), peer(2, PeerState.PEER_IN_CLUSTER)));

    for (int i = 0; i < 3; i++) {
      run(healthy).run("liveness", false, Optional.empty());
    }

    assertThat(posted).isEmpty();
  }

  @Test
  void aDryRunPostsNothing() {
    run(rejectedByBoth()).run("reconcile", true, Optional.empty());

    assertThat(posted).isEmpty();
  }

  @Test
  void aRepairRequestIsPostedAndTheHealthyPoolAfterItVerifiesIt() {
    run(rejectedByBoth()).run("liveness", false, Optional.empty());
    assertThat(posted)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .extracting(KubeEvent::reason, x -> x.regarding().kind())
                    .containsExactly(tuple(EventReason.RepairRequested, "Pod")));

    // the repair was carried out (by prestart) and the pool took this pod back
    RepairLedger done =
        new RepairLedger(Optional.empty(), 1, Optional.of(NOW), "drift done at " + NOW, false);
    try (var s = ((LockAttempt.Acquired) store.lock(Duration.ZERO, "test")).session()) {
      s.replace(RepairLedger.PREFIX, done.toEntries());
    }
    FakeGlusterClient healthy =
        FakeGlusterClient.withPool(
            view(1, peer(0, PeerState.PEER_IN_CLUSTER), peer(2, PeerState.PEER_IN_CLUSTER)));
    run(healthy).run("liveness", false, Optional.empty());
    run(healthy).run("liveness", false, Optional.empty());

    assertThat(posted).hasSize(2);
    assertThat(posted.get(1))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(EventReason.RepairVerified);
              assertThat(e.message()).contains("drift done at " + NOW);
            });
  }

  @Test
  void aSinkThatFailsIsOneWarningAndTheRunsAnswerStands() {
    sink =
        (events, now, deadline) ->
            new EventSink.Posted(0, events.size(), List.of("the API answered HTTP 500", "again"));
    FakeGlusterClient gluster =
        FakeGlusterClient.withPool(view(1, peer(2, PeerState.PEER_IN_CLUSTER)))
            .probeAnswers(true, "peer probe: success");

    RunResult.Ran ran = (RunResult.Ran) run(gluster).run("liveness", false, Optional.empty());

    assertThat(ran.outcomes()).allSatisfy(o -> assertThat(o.done()).isTrue());
    assertThat(warnings.stream().filter(w -> w.startsWith("WARN events")))
        .containsExactly("WARN events: 2 of 2 not posted: the API answered HTTP 500 (and 1 more)");
  }

  @Test
  void aSinkThatThrowsIsOneWarningToo() {
    sink =
        (events, now, deadline) -> {
          throw new IllegalStateException("bug");
        };
    FakeGlusterClient gluster =
        FakeGlusterClient.withPool(view(1, peer(2, PeerState.PEER_IN_CLUSTER)))
            .probeAnswers(true, "peer probe: success");

    RunResult r = run(gluster).run("liveness", false, Optional.empty());

    assertThat(r).isInstanceOf(RunResult.Ran.class);
    assertThat(warnings.stream().filter(w -> w.startsWith("WARN events")))
        .containsExactly("WARN events: not posted: IllegalStateException");
  }
}
