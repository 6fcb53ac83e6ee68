package io.glusterctl.probe.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pod 2's state directory on a full disk (a small tmpfs the test mounts over it and fills):
 *
 * <ol>
 *   <li>with a healthy pool: every run says the state was not saved, nothing else changes;
 *   <li>while pod 2 drifts and the pool rejects it: the repair cannot be recorded, and liveness
 *       says so and stays 0 (a restart would repair nothing), nothing is touched;
 *   <li>the request is recorded in a moment with room, then the disk is full again before the
 *       kubelet restarts the container: prestart cannot make the backup, says so, and clears
 *       nothing (a repair never deletes what it could not back up);
 *   <li>room again: the next prestart repairs, the pool converges.
 * </ol>
 *
 * Throughout, pods 0 and 1 are never repaired, restarted or detached, and nobody detaches pod 2.
 */
class FaultStateDiskFullTest {
  private static final Duration STEP = Duration.ofMinutes(5);

  @Test
  void aFullStateDiskIsReportedAndNothingIsWipedThatWasNotBackedUp() throws IOException {
    try (Scenario s = Scenario.fault("fault state disk full").start()) {
      Sandbox sandbox = s.sandbox();
      Set<Integer> all = s.all();
      // the pool has formed: from here on pods 0 and 1 pass every liveness run (a first run while
      // a new glusterd was still starting up is not what this test is about)
      Instant formed = Instant.now();
      Path info = s.createVolume(0, 1, 2).infoFile(2);
      await("pod 2 has the volume", () -> Files.isRegularFile(info));
      String identity = FaultWitness.identity(sandbox, 2);
      Duration period = sandbox.probePeriod();

      try (StateDiskFull disk = StateDiskFull.mount(sandbox, 2, "256k")) {
        // 1. full, with a healthy pool
        int outputBefore = sandbox.glusterPod(2).probeOutput().length();
        disk.fill();
        FaultWitness.Window healthy = FaultWitness.open(s);
        healthy.lastAtLeast(period.multipliedBy(6), all, 2, STEP);
        healthy.close();
        healthy.assertNothingDone(all, 2);
        String said = sandbox.glusterPod(2).probeOutput().substring(outputBefore);
        assertThat(said)
            .as("pod 2's probe output while its state disk was full")
            .contains("WARN state not saved")
            .contains("No space left on device")
            .doesNotContain("Exception")
            .doesNotContain("\tat ");
        s.figure(
            "1 full with a healthy pool",
            healthy.length().toMillis()
                + " ms; "
                + FaultWitness.livenessFigures(healthy, all)
                + "; pod 2 says: "
                + firstLineWith(said, "No space"));

        // 2. pod 2 drifts while its state disk is full
        FaultWitness.Window drift = FaultWitness.open(s);
        int restarts = sandbox.cluster().restarts(2);
        FaultWitness.drift(info);
        FaultWitness.killGlusterd(sandbox, 2, STEP);
        await(
            "pod 2 restarted with the drifted volume",
            () -> sandbox.cluster().restarts(2) > restarts);
        int outputAtDrift = sandbox.glusterPod(2).probeOutput().length();
        await(
            "pod 2's liveness says the repair cannot be recorded",
            () ->
                sandbox
                    .glusterPod(2)
                    .probeOutput()
                    .substring(outputAtDrift)
                    .contains("the request could not be recorded"));
        Instant noted = Instant.now();
        await(
            "two more liveness runs of pod 2",
            () ->
                sandbox.glusterPod(2).probeRuns(ProbeKind.LIVENESS).stream()
                        .filter(r -> r.at().isAfter(noted))
                        .count()
                    >= 2);
        drift.close();
        String line =
            firstLineWith(
                sandbox.glusterPod(2).probeOutput().substring(outputAtDrift),
                "could not be recorded");
        assertThat(line)
            .startsWith(
                "OK glusterd answers; ERROR repair needed but the request could not be recorded")
            .contains("No space left on device");
        assertThat(drift.runs(2, ProbeKind.LIVENESS))
            .as("pod 2's liveness while its repair could not be recorded")
            .allMatch(ProbeRun::succeeded);
        assertThat(drift.restartsSince(2))
            .as("pod 2's restarts: the one of the drift only")
            .isEqualTo(1);
        assertThat(Files.readString(info))
            .as("nothing touched")
            .contains("performance.client-io-threads=on");
        assertThat(FaultWitness.identity(sandbox, 2)).isEqualTo(identity);
        assertThat(drift.poolChanges()).isEmpty();
        s.figure(
            "2 drift with a full disk", drift.length().toMillis() + " ms; pod 2 says: " + line);

        // 3. the request is recorded; the disk is full again before prestart
        FaultWitness.Window prestart = FaultWitness.open(s);
        Instant freed = Instant.now();
        disk.free();
        await(
            "pod 2 asks for its repair",
            () ->
                sandbox.glusterPod(2).probeRuns(ProbeKind.LIVENESS).stream()
                    .anyMatch(r -> r.at().isAfter(freed) && r.exitCode() == 7));
        disk.fill();
        Path containerLog = sandbox.cluster().requirePod(2).dir().resolve("container.log");
        await(
            "two prestarts of pod 2 fail for want of space",
            () ->
                count(read(containerLog), "entrypoint: glusterctl-probe prestart failed (exit 8)")
                    >= 2);
        prestart.close();
        String prestartSaid = read(containerLog);
        assertThat(prestartSaid).contains("No space left on device");
        assertThat(Files.readString(info))
            .as("nothing cleared without a backup")
            .contains("performance.client-io-threads=on");
        assertThat(FaultWitness.identity(sandbox, 2)).isEqualTo(identity);
        assertThat(incompleteBackups(s.repairs().backupDir(2)))
            .as("backups that failed half way, left under a backup's name: %s", disk.listing())
            .isEmpty();
        s.figure(
            "3 prestart with a full disk",
            prestart.length().toMillis()
                + " ms; pod 2 restarts "
                + prestart.restartsSince(2)
                + "; prestart says: "
                + firstLineWith(prestartSaid, "FAILED"));

        // 4. room again
        FaultWitness.Window recovery = FaultWitness.open(s);
        disk.free();
        s.awaitConverged(
            "4 converged after the disk has room",
            all,
            40 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
        recovery.close();
        s.figure("4 backups after the disk had room", s.repairs().backups(2).toString());
        assertThat(Files.readString(info)).contains("performance.client-io-threads=off");
        assertThat(sandbox.glusterPod(2).uuid()).isPresent();
        assertThat(FaultWitness.identity(sandbox, 2)).isEqualTo(identity);
      }
      assertThat(StateDiskFull.mountsOf(sandbox)).as("test mounts left").isEmpty();
      for (int o : Set.of(0, 1)) {
        s.repairs().assertNoRepair(o);
        assertThat(sandbox.cluster().restarts(o)).as("pod %d's restarts", o).isZero();
        assertThat(
                sandbox.glusterPod(o).probeRuns(ProbeKind.LIVENESS).stream()
                    .filter(r -> !r.at().isBefore(formed))
                    .toList())
            .as("pod %d's liveness since the pool formed", o)
            .allMatch(ProbeRun::succeeded);
      }
      s.assertExactPool(all);
      s.assertNothingDetached();
    }
  }

  /** Backup directories without a glusterd.info: copies that stopped half way. */
  private static List<String> incompleteBackups(Path backups) throws IOException {
    if (!Files.isDirectory(backups)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(backups)) {
      return s.filter(b -> b.getFileName().toString().startsWith("glusterd-"))
          .filter(b -> !b.getFileName().toString().endsWith(".partial"))
          .filter(b -> !Files.isRegularFile(b.resolve("glusterd.info")))
          .map(b -> b.getFileName().toString())
          .toList();
    }
  }

  private static String firstLineWith(String text, String what) {
    return text.lines()
        .filter(l -> l.contains(what))
        .findFirst()
        .orElse("(no line with '" + what + "')");
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    Scenario.await(what, STEP, Duration.ofMillis(200), condition);
  }
}
