package io.glusterctl.probe.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.glusterctl.probe.events.RunEvents.RepairStep;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.Reason;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.RepairRequest;
import io.glusterctl.probe.reconcile.RunResult;
import io.glusterctl.probe.repair.PoolMember;
import io.glusterctl.probe.repair.RepairExecutor;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.repair.RepairPlan;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which Events a run's actions, findings and repair steps make, on which objects, and why. */
class RunEventsTest {
  static final String F = ".glusterfs.gluster.svc.cluster.local";
  static final ObjectRef POD = ObjectRef.pod("gluster", "glusterfs-0", Optional.of("uid-0"));
  static final ObjectRef STS = ObjectRef.statefulSet("gluster", "glusterfs", Optional.empty());
  static final RunEvents EVENTS = new RunEvents(POD, STS);
  static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  static final Action PROBE =
      new Action.Probe("glusterfs-3" + F, Reason.of(ReasonCode.MISSING_MEMBER, "ordinal 3 < 4"));
  static final Action DETACH =
      new Action.Detach(
          "glusterfs-4" + F, "u-4", Reason.of(ReasonCode.SURPLUS_BY_REPLICAS, "ordinal 4 >= 4"));
  static final Action REPAIR =
      new Action.Repair(
          "glusterfs-0" + F,
          RepairKind.values()[0],
          "glusterfs-1" + F,
          Reason.of(ReasonCode.SELF_REJECTED, "2 of 2 members"));

  @Test
  void aProbeDoneIsPeerProbedOnThePodAndTheStatefulSet() {
    List<KubeEvent> e = EVENTS.ofAction(PROBE, true, "peer probe: success");
    assertThat(e)
        .extracting(x -> x.regarding().kind(), KubeEvent::reason, x -> x.reason().type())
        .containsExactly(
            tuple("Pod", EventReason.PeerProbed, "Normal"),
            tuple("StatefulSet", EventReason.PeerProbed, "Normal"));
    assertThat(e.get(0).message())
        .isEqualTo(
            "glusterfs-3"
                + F
                + ": desired member is not in the pool; this pod coordinates the pool (ordinal 3 < 4)");
    assertThat(e.get(1).message()).isEqualTo("glusterfs-0 on " + e.get(0).message());
  }

  @Test
  void aFailedProbeIsAWarningWithWhatTheCliSaid() {
    List<KubeEvent> e = EVENTS.ofAction(PROBE, false, "exit 1: peer probe: failed: unreachable");
    assertThat(e).extracting(KubeEvent::reason).containsOnly(EventReason.PeerProbeFailed);
    assertThat(e.get(0).reason().type()).isEqualTo("Warning");
    assertThat(e.get(0).message()).endsWith("; not done: exit 1: peer probe: failed: unreachable");
  }

  @Test
  void detachesAndRepairs() {
    assertThat(EVENTS.ofAction(DETACH, true, ""))
        .extracting(KubeEvent::reason, x -> x.regarding().name())
        .containsExactly(
            tuple(EventReason.PeerDetached, "glusterfs-0"),
            tuple(EventReason.PeerDetached, "glusterfs"));
    assertThat(EVENTS.ofAction(DETACH, false, "exit 255"))
        .extracting(KubeEvent::reason)
        .containsOnly(EventReason.PeerDetachFailed);
    List<KubeEvent> requested = EVENTS.ofAction(REPAIR, true, "");
    assertThat(requested)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo(EventReason.RepairRequested);
              assertThat(r.regarding()).isEqualTo(POD);
              assertThat(r.message())
                  .contains("rebuilt from glusterfs-1" + F)
                  .contains("the pool rejects this pod (2 of 2 members)");
            });
    assertThat(EVENTS.ofAction(REPAIR, false, "No space left on device"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).isEqualTo(EventReason.RepairFailed);
              assertThat(r.message()).endsWith("; not requested: No space left on device");
            });
  }

  @Test
  void blockedDetachesAndProbesAreWarningsOnBothObjects() {
    for (ReasonCode code : RunEvents.BLOCKED_DETACH) {
      List<KubeEvent> e =
          EVENTS.ofFinding(Finding.warn("glusterfs-4" + F, Reason.of(code, "detail")));
      assertThat(e)
          .extracting(KubeEvent::reason, x -> x.regarding().kind())
          .containsExactly(
              tuple(EventReason.DetachBlocked, "Pod"),
              tuple(EventReason.DetachBlocked, "StatefulSet"));
      assertThat(e.get(0).message())
          .isEqualTo("glusterfs-4" + F + ": " + code.text() + " (detail)");
    }
    assertThat(EVENTS.ofFinding(Finding.warn("glusterfs-5" + F, Reason.of(ReasonCode.POOL_EXISTS))))
        .extracting(KubeEvent::reason)
        .containsOnly(EventReason.ProbeBlocked);
  }

  /** Findings that describe the pool, including a healthy one, make no Event. */
  @ParameterizedTest
  @EnumSource(ReasonCode.class)
  void everyOtherFindingMakesNone(ReasonCode code) {
    Set<ReasonCode> blocked = EnumSet.copyOf(RunEvents.BLOCKED_DETACH);
    blocked.addAll(RunEvents.BLOCKED_PROBE);
    List<KubeEvent> e = EVENTS.ofFinding(Finding.info("glusterfs-1" + F, Reason.of(code)));
    assertThat(e.isEmpty()).as("%s", code).isEqualTo(!blocked.contains(code));
  }

  @Test
  void repairStepsAreOnThisPod() {
    assertThat(List.of(RepairStep.values()))
        .extracting(s -> EVENTS.repairStep(s, "x").reason())
        .containsExactly(
            EventReason.RepairBackedUp,
            EventReason.RepairCleared,
            EventReason.RepairRebuilt,
            EventReason.RepairVerified,
            EventReason.RepairWithdrawn,
            EventReason.RepairFailed);
    KubeEvent given = EVENTS.repairGivenUp("3 repairs without a healthy pool");
    assertThat(given.reason().type()).isEqualTo("Warning");
    assertThat(given.regarding()).isEqualTo(POD);
  }

  @Test
  void theSameHappeningAgainHasTheSameNameAndAnotherOneAnother() {
    KubeEvent first = EVENTS.ofAction(PROBE, true, "").get(0);
    KubeEvent again = EVENTS.ofAction(PROBE, true, "another answer").get(0);
    assertThat(again.name()).isEqualTo(first.name()).startsWith("glusterfs-0.");
    Action other = new Action.Probe("glusterfs-4" + F, PROBE.reason());
    assertThat(EVENTS.ofAction(other, true, "").get(0).name()).isNotEqualTo(first.name());
    assertThat(EVENTS.ofAction(PROBE, false, "x").get(0).name())
        .as("a failure is another Event than a success")
        .isNotEqualTo(first.name());
    RunEvents recreated =
        new RunEvents(ObjectRef.pod("gluster", "glusterfs-0", Optional.of("uid-new")), STS);
    assertThat(recreated.ofAction(PROBE, true, "").get(0).name())
        .as("a recreated pod (new UID) starts new Events")
        .isNotEqualTo(first.name());
  }

  @Test
  void namesAreValidObjectNamesAndMessagesOneBoundedLine() {
    String longName = "g".repeat(52) + "-99999";
    RunEvents events =
        new RunEvents(
            ObjectRef.pod("gluster", longName, Optional.empty()),
            ObjectRef.statefulSet("gluster", "g".repeat(52), Optional.empty()));
    KubeEvent e =
        events
            .ofAction(
                new Action.Probe("h" + F, Reason.of(ReasonCode.MISSING_MEMBER, "x\ny".repeat(900))),
                true,
                "")
            .get(0);
    assertThat(e.name()).matches(DNS_SUBDOMAIN).hasSizeLessThanOrEqualTo(253);
    assertThat(e.message())
        .doesNotContain("\n")
        .hasSizeLessThanOrEqualTo(KubeEvent.MAX_MESSAGE + 3);
    assertThat(e.message()).endsWith("...");
  }

  // whole runs and repairs, as the commands post them

  static final Reconciler.Outcome GIVEN_UP =
      new Reconciler.Outcome(
          REPAIR,
          false,
          "repair not requested",
          Optional.of(new RepairRequest(RepairLedger.Decision.GIVEN_UP, 3, Optional.empty())));

  @Test
  void aRunsOutcomesAndRefusalsInOrderAndNothingForAQuietRun() {
    Finding blocked =
        Finding.warn("glusterfs-4" + F, Reason.of(ReasonCode.DETACH_BLOCKED_BRICKS, "v1"));
    Finding quiet = Finding.info("glusterfs-1" + F, Reason.of(ReasonCode.TARGET_NOT_ANSWERING));
    RunResult.Ran ran =
        new RunResult.Ran(
            null,
            new Plan(List.of(PROBE), List.of(quiet, blocked), Memory.EMPTY),
            List.of(new Reconciler.Outcome(PROBE, true, "peer probe: success")));

    assertThat(EVENTS.ofRun(ran))
        .extracting(KubeEvent::reason, x -> x.regarding().kind())
        .containsExactly(
            tuple(EventReason.PeerProbed, "Pod"),
            tuple(EventReason.PeerProbed, "StatefulSet"),
            tuple(EventReason.DetachBlocked, "Pod"),
            tuple(EventReason.DetachBlocked, "StatefulSet"));
    RunResult.Ran nothing =
        new RunResult.Ran(null, new Plan(List.of(), List.of(quiet), Memory.EMPTY), List.of());
    assertThat(EVENTS.ofRun(nothing)).isEmpty();
  }

  @Test
  void aRepairTheRecordGaveUpIsRepairGivenUpAndABackoffARepairFailedThatSaysSo() {
    assertThat(EVENTS.ofOutcome(GIVEN_UP))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(EventReason.RepairGivenUp);
              assertThat(e.message()).contains("given up").contains("2 of 2 members");
            });
    Reconciler.Outcome backingOff =
        new Reconciler.Outcome(
            REPAIR,
            false,
            "repair not requested",
            Optional.of(new RepairRequest(RepairLedger.Decision.BACKING_OFF, 1, Optional.empty())));
    assertThat(EVENTS.ofOutcome(backingOff))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(EventReason.RepairFailed);
              assertThat(e.message()).endsWith("not requested: repair not requested (backing off)");
            });
  }

  @Test
  void aRepairCarriedOutIsBackedUpClearedRebuiltInOrder() {
    RepairPlan.Steps plan =
        new RepairPlan.Steps(
            RepairKind.DRIFT,
            List.of("1 confirmed"),
            List.of(
                new io.glusterctl.probe.repair.RepairStep.Backup("drift"),
                new io.glusterctl.probe.repair.RepairStep.Clear(),
                new io.glusterctl.probe.repair.RepairStep.WritePeer(
                    new PoolMember("u-1", "glusterfs-1" + F)),
                new io.glusterctl.probe.repair.RepairStep.WritePeer(
                    new PoolMember("u-2", "glusterfs-2" + F))),
            Optional.empty());
    RepairExecutor.Result done =
        new RepairExecutor.Result(
            RepairExecutor.Status.DONE, List.of("..."), Optional.of(Path.of("/b/drift-1")));

    List<KubeEvent> e = EVENTS.ofRepair(RepairKind.DRIFT, plan, done);

    assertThat(e)
        .extracting(KubeEvent::reason)
        .containsExactly(
            EventReason.RepairBackedUp, EventReason.RepairCleared, EventReason.RepairRebuilt);
    assertThat(e).allSatisfy(x -> assertThat(x.regarding()).isEqualTo(POD));
    assertThat(e.get(0).message()).isEqualTo("drift repair: backed up to /b/drift-1");
    assertThat(e.get(2).message()).startsWith("drift repair: 2 change(s)");
  }

  @Test
  void aRepairThatFailedOrWasNotConfirmedIsRepairFailedWithWhy() {
    RepairPlan.Steps plan =
        new RepairPlan.Steps(
            RepairKind.DRIFT,
            List.of(),
            List.of(new io.glusterctl.probe.repair.RepairStep.Backup("drift")),
            Optional.empty());
    RepairExecutor.Result failed =
        new RepairExecutor.Result(
            RepairExecutor.Status.FAILED,
            List.of("1 confirmed", "FAILED: No space left on device"),
            Optional.empty());
    assertThat(EVENTS.ofRepair(RepairKind.DRIFT, plan, failed))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.reason()).isEqualTo(EventReason.RepairFailed);
              assertThat(x.message()).isEqualTo("drift repair: FAILED: No space left on device");
            });
    RepairPlan.NotConfirmed no = new RepairPlan.NotConfirmed(List.of("the reference is healthy"));
    RepairExecutor.Result notConfirmed =
        new RepairExecutor.Result(
            RepairExecutor.Status.NOT_CONFIRMED, no.checked(), Optional.empty());
    assertThat(EVENTS.ofRepair(RepairKind.DRIFT, no, notConfirmed))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.reason()).isEqualTo(EventReason.RepairFailed);
              assertThat(x.message()).contains("not confirmed, nothing touched");
            });
  }
}
