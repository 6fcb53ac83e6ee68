package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import io.glusterctl.probe.e2e.sandbox.VolumeClient;
import io.glusterctl.probe.e2e.sandbox.WorkloadLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart of every pod, one at a time, as an image upgrade does, while a client writes: a
 * replica-3 volume started on pods 0..2, a client writing a file every 200 ms through its FUSE
 * mount, then {@code kubectl rollout restart}: the StatefulSet controller's RollingUpdate deletes
 * pod 2, 1 and 0 in turn, each only once the pod recreated before it is Running and Ready again.
 *
 * <p>The property: the next pod does not go down while the volume still has entries pending heal.
 * Nothing in the sandbox waits for heals; only the program's readiness does (not ready while a
 * started volume with a brick on the pod has pending heal entries, counted over all its bricks).
 * The test's own witness ({@code volume heal v1 info}, not the program's parser) counts the pending
 * entries at the moment the controller is about to delete each pod: 0 every time. And the gate did
 * work: some readiness run during the rollout said not ready because of pending heals (without
 * that, the 0s would only say that the heals were quick).
 *
 * <p>Afterwards the pool is exactly the three pods, every brick is online, no heal is pending, and
 * every file the client got acknowledged reads back with its checksum from a fresh mount on another
 * client. Failed writes and the longest error stretch are figures, not asserted timings.
 */
@Tag("extended")
class RollingRestartWithDataTest {
  static final Duration BRICKS_ONLINE = Duration.ofSeconds(120);

  /** The witness's record of one pod about to be deleted by the rollout. */
  record Stop(int ordinal, Instant at, OptionalLong pendingHeals) {}

  @BeforeAll
  static void requirements() {
    DataAssumptions.assumeFuseClient();
  }

  @Test
  void theRolloutWaitsForHealsAndEveryAcknowledgedFileSurvives() {
    try (Scenario s = Scenario.data("rolling restart with data").start()) {
      Sandbox sandbox = s.sandbox();
      ServedVolume v1 = DataVolumes.startedOnPods012(s, BRICKS_ONLINE);

      // each pod: stopped, recreated, glusterd started, the pool rejoined (its peers may need
      // glusterd's reconnect to a new address), the heals done, Ready: as PodDeleteWithDataTest
      int budget = 3 * (12 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
      List<Stop> stops = Collections.synchronizedList(new ArrayList<>());
      WorkloadLog written;
      Instant change;
      Duration rollout;
      try (VolumeClient writer = DataWorkload.mountedWriter(sandbox, "v1")) {
        VolumeClient.Workload w = writer.startWriting("w", DataWorkload.INTERVAL);
        Scenario.sleep(sandbox.probePeriod());
        assertThat(w.log().acknowledged()).as("files acknowledged before the rollout").isNotEmpty();

        change = Instant.now();
        sandbox
            .cluster()
            .rolloutRestart(
                "image upgrade",
                o -> {
                  OptionalLong pending = v1.pendingHeals(o);
                  stops.add(new Stop(o, Instant.now(), pending));
                  sandbox
                      .log()
                      .event(
                          "test: pod "
                              + o
                              + " about to be deleted by the rollout; entries pending heal: "
                              + (pending.isPresent() ? pending.getAsLong() : "unknown"));
                });
        Scenario.await(
            "the rollout done (every pod recreated and Ready)",
            sandbox.probePeriod().multipliedBy(budget),
            Duration.ofMillis(500),
            () -> sandbox.cluster().rolledOut());
        rollout = Duration.between(change, Instant.now());
        s.awaitConverged(
            "rolling restart done", 12 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
        assertThat(v1.awaitBricksOnline(0, BRICKS_ONLINE))
            .as("every brick online after the rollout: %s", v1.status(0))
            .isTrue();
        assertThat(v1.awaitNoPendingHeals(0, sandbox.probePeriod().multipliedBy(6)))
            .as("no heal pending after the rollout")
            .isPresent();

        Scenario.sleep(sandbox.probePeriod());
        written = w.stop();
        writer.unmount();
      }

      List<ProbeRun> healGated =
          sandbox
              .log()
              .probeRuns(
                  r ->
                      r.kind() == ProbeKind.READINESS
                          && !r.at().isBefore(change)
                          && !r.succeeded()
                          && r.firstLine().contains("pending heal"));
      String name = "rolling restart with data";
      DataWorkload.figures(s, name, written);
      s.figure(
          name + ": rollout start to every pod recreated and Ready",
          rollout + " (" + sandbox.periodsFor(rollout) + " probe periods)");
      s.figure(name + ": entries pending heal as each pod was deleted", "" + stops);
      s.figure(name + ": readiness runs not ready for pending heals", "" + healGated.size());
      healGated.stream()
          .findFirst()
          .ifPresent(r -> s.figure(name + ": first of them", r.toString()));

      assertThat(stops)
          .as("the pods the rollout deleted, in order")
          .extracting(Stop::ordinal)
          .containsExactly(2, 1, 0);
      assertThat(stops)
          .as("entries pending heal at the moment each pod was deleted (the witness's count)")
          .allSatisfy(stop -> assertThat(stop.pendingHeals()).isEqualTo(OptionalLong.of(0)));
      assertThat(healGated)
          .as(
              "readiness runs during the rollout that said not ready for pending heals (the gate"
                  + " held the rollout at least once)")
          .isNotEmpty();

      DataWorkload.assertEveryFileSurvives(s, name, v1, written);
      s.assertExactPool(s.all());
      s.assertNothingDetached();
    }
  }
}
