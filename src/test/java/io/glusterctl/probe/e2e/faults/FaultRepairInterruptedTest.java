package io.glusterctl.probe.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.GlusterPod;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A repair interrupted at its worst moments. Pod 2 of a 3-pod pool with a replica-3 volume drifts
 * (its copy of the volume's {@code info} changed under glusterd: the pool rejects it) and asks for
 * its own repair. Then, each time by SIGKILL to a process the sandbox started (the container, or
 * the {@code prestart} under it):
 *
 * <ol>
 *   <li>glusterd is killed right after the repair was asked for (before the kubelet restarts it);
 *   <li>{@code prestart} is killed while it copies the backup;
 *   <li>{@code prestart} is killed while it clears the glusterd directory (half of it gone);
 *   <li>the repaired glusterd is killed right after it starts.
 * </ol>
 *
 * To make the copy and the clear last long enough to be hit, pod 2's glusterd directory carries
 * 3000 small files of ballast (since each backup is fsynced file by file and bounded by the run's
 * deadline, 20000 no longer fit in prestart's 20 s: 8105 were copied at load; the test watches
 * every 2 ms). What must hold: the repair is still pending after each killed prestart (a kill is
 * not a repair), the next one completes it, pod 2 keeps its UUID, the pool and the volume
 * definition converge, a complete backup of the state before the repair exists, no other pod is
 * repaired, restarted or detached, and the repair is not given up.
 */
class FaultRepairInterruptedTest {
  private static final int BALLAST_FILES = 3_000;
  private static final Duration STEP = Duration.ofSeconds(240);

  @Test
  void aRepairKilledAtEveryStepIsCompletedByTheNextRunAndTheOthersAreLeftAlone()
      throws IOException {
    try (Scenario s = Scenario.fault("fault repair interrupted").start()) {
      Sandbox sandbox = s.sandbox();
      Set<Integer> all = s.all();
      Path glusterd = sandbox.glusterPod(2).glusterdDir();
      Path info = s.createVolume(0, 1, 2).infoFile(2);
      await("pod 2 has the volume", () -> Files.isRegularFile(info));
      String uuid = sandbox.glusterPod(2).uuid().orElseThrow();
      List<String> peerFiles = GlusterPod.peerFiles(glusterd);
      assertThat(peerFiles).hasSize(2);
      Path ballast = Files.createDirectories(glusterd.resolve("ballast"));
      for (int i = 0; i < BALLAST_FILES; i++) {
        Files.writeString(ballast.resolve("f" + i), "ballast " + i + "\n");
      }
      FaultWitness.Window w = FaultWitness.open(s);

      // drift: the volume's info changed under pod 2's glusterd, which is then restarted
      FaultWitness.drift(info);
      int restarts = sandbox.cluster().restarts(2);
      FaultWitness.killGlusterd(sandbox, 2, STEP);
      await(
          "pod 2 restarted with the drifted volume",
          () -> sandbox.cluster().restarts(2) > restarts);

      // 1. glusterd killed right after the repair was asked for
      Instant since = Instant.now();
      await(
          "pod 2 asks for its repair",
          () ->
              sandbox.glusterPod(2).probeRuns(ProbeKind.LIVENESS).stream()
                  .anyMatch(r -> r.at().isAfter(since) && r.exitCode() == 7));
      assertThat(s.repairs().stateFile(2)).contains("repair.pending.kind").contains("drift");
      FaultWitness.killGlusterd(sandbox, 2, STEP);
      s.figure(
          "1 glusterd killed after the request",
          "pod 2 restarts so far " + sandbox.cluster().restarts(2));

      // 2. prestart killed while it copies the backup
      Path backups = s.repairs().backupDir(2);
      int before = s.repairs().backups(2).size();
      ProcessHandle killed =
          killPrestartWhen(sandbox, 2, () -> s.repairs().backups(2).size() > before);
      String afterCopyKill = describe(glusterd, backups);
      s.figure("2 prestart killed during the backup", "pid " + killed.pid() + "; " + afterCopyKill);
      assertThat(Files.readString(info))
          .as("nothing cleared by a prestart killed while copying")
          .contains("performance.client-io-threads=on");
      assertThat(GlusterPod.peerFiles(glusterd)).isEqualTo(peerFiles);
      assertThat(s.repairs().stateFile(2))
          .as("still pending after the kill")
          .contains("repair.pending.kind");

      // 3. prestart killed while it clears the directory
      int backupsBefore3 = s.repairs().backups(2).size();
      killed =
          killPrestartWhen(
              sandbox,
              2,
              () ->
                  !Files.exists(info)
                      || GlusterPod.peerFiles(glusterd).size() < 2
                      || count(ballast) < BALLAST_FILES);
      String afterClearKill = describe(glusterd, backups);
      s.figure("3 prestart killed during the clear", "pid " + killed.pid() + "; " + afterClearKill);
      assertThat(s.repairs().stateFile(2))
          .as("still pending after the kill")
          .contains("repair.pending.kind");
      List<String> completeBackups =
          s.repairs().backups(2).stream()
              .filter(b -> isCompleteBackupOfTheDrift(backups.resolve(b), peerFiles))
              .toList();
      assertThat(completeBackups)
          .as("a complete backup of the state before the repair, of %s", s.repairs().backups(2))
          .isNotEmpty();
      assertThat(s.repairs().backups(2).size()).isGreaterThan(backupsBefore3 - 1);

      // 4. the repair completes; the repaired glusterd is killed right after it starts
      await("the repair is carried out", () -> s.repairs().stateFile(2).contains("drift done"));
      await(
          "the repaired glusterd runs", () -> sandbox.glusterPod(2).glusterdProcess().isPresent());
      FaultWitness.killGlusterd(sandbox, 2, STEP);
      s.figure(
          "4 repaired glusterd killed after its start",
          "pod 2 restarts so far " + sandbox.cluster().restarts(2));

      s.awaitConverged(
          "converged after the last kill",
          all,
          30 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT.plusMinutes(2)));
      w.close();
      s.figure(
          "pod 2",
          "restarts "
              + w.restartsSince(2)
              + ", backups "
              + s.repairs().backups(2)
              + ", state "
              + s.repairs().stateFile(2).replaceAll("\\s+", " "));

      assertThat(sandbox.glusterPod(2).uuid()).contains(uuid);
      assertThat(Files.readString(info)).contains("performance.client-io-threads=off");
      // backups: complete ones only, readable by root only
      assertThat(s.repairs().backups(2))
          .as("pod 2's backups")
          .isNotEmpty()
          .noneMatch(b -> b.endsWith(".partial"));
      assertThat(mode(backups)).isEqualTo("rwx------");
      for (String b : s.repairs().backups(2)) {
        assertThat(mode(backups.resolve(b))).as("backup %s", b).isEqualTo("rwx------");
      }
      assertThat(s.repairs().stateFile(2))
          .doesNotContain("repair.pending")
          .doesNotContain("givenUp");
      assertThat(w.restartsSince(2)).as("pod 2's restarts").isBetween(4, 10);
      assertThat(w.poolChanges()).as("peer probe/detach").noneMatch(c -> c.contains("peer detach"));
      for (int o : Set.of(0, 1)) {
        s.repairs().assertNoRepair(o);
        assertThat(w.restartsSince(o)).as("pod %d's restarts", o).isZero();
        assertThat(w.runs(o, ProbeKind.LIVENESS))
            .as("pod %d's liveness", o)
            .allMatch(ProbeRun::succeeded);
      }
      List<String> volumeInfos =
          all.stream()
              .map(
                  o ->
                      sandbox
                          .glusterPod(o)
                          .gluster("volume", "info", "v1")
                          .orThrow()
                          .stdout()
                          .lines()
                          .filter(l -> !l.startsWith("Status"))
                          .sorted()
                          .toList()
                          .toString())
              .toList();
      assertThat(volumeInfos).containsOnly(volumeInfos.get(0));
      s.assertNothingDetached();
    }
  }

  /**
   * Waits for the next {@code glusterctl-probe prestart} under pod {@code o}'s container and sends
   * it SIGKILL as soon as {@code when} holds (polled every few milliseconds).
   */
  private static ProcessHandle killPrestartWhen(Sandbox sandbox, int o, BooleanSupplier when) {
    long end = System.nanoTime() + STEP.toNanos();
    ProcessHandle prestart = null;
    while (System.nanoTime() < end) {
      if (prestart == null || !prestart.isAlive()) {
        prestart = prestartOf(sandbox, o).orElse(null);
      }
      if (prestart != null && prestart.isAlive() && when.getAsBoolean()) {
        prestart.destroyForcibly();
        sandbox
            .log()
            .event("test: SIGKILL to prestart of pod " + o + " (pid " + prestart.pid() + ")");
        ProcessHandle p = prestart;
        await("the killed prestart is gone", () -> !p.isAlive());
        return prestart;
      }
      Scenario.sleep(Duration.ofMillis(2));
    }
    throw new AssertionError(
        "no prestart of pod " + o + " to kill within " + STEP + "\n" + sandbox.log().tail(30));
  }

  /** The java process of {@code glusterctl-probe prestart}, a descendant of the pod's container. */
  private static Optional<ProcessHandle> prestartOf(Sandbox sandbox, int o) {
    return sandbox
        .glusterPod(o)
        .containerProcess()
        .flatMap(
            c ->
                c.descendants()
                    .filter(h -> h.info().command().map(cmd -> cmd.endsWith("/java")).orElse(false))
                    .filter(
                        h ->
                            h.info()
                                .arguments()
                                .map(a -> Arrays.asList(a).contains("prestart"))
                                .orElse(false))
                    .findFirst());
  }

  /** A backup with the drifted volume definition, both peer files and every ballast file. */
  private static boolean isCompleteBackupOfTheDrift(Path b, List<String> peerFiles) {
    try {
      return Files.readString(b.resolve("vols/v1/info"))
              .contains("performance.client-io-threads=on")
          && GlusterPod.peerFiles(b).equals(peerFiles)
          && Files.isRegularFile(b.resolve("glusterd.info"))
          && count(b.resolve("ballast")) == BALLAST_FILES;
    } catch (IOException e) {
      return false;
    }
  }

  private static String describe(Path glusterd, Path backups) throws IOException {
    StringBuilder s =
        new StringBuilder(
            "glusterd dir: info "
                + (Files.exists(glusterd.resolve("vols/v1/info")) ? "present" : "gone")
                + ", peers "
                + GlusterPod.peerFiles(glusterd).size()
                + ", ballast "
                + count(glusterd.resolve("ballast"))
                + "; backups:");
    if (Files.isDirectory(backups)) {
      try (Stream<Path> l = Files.list(backups)) {
        for (Path b : l.sorted().toList()) {
          s.append(' ')
              .append(b.getFileName())
              .append("(ballast ")
              .append(count(b.resolve("ballast")))
              .append(')');
        }
      }
    }
    return s.toString();
  }

  private static long count(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    } catch (IOException e) {
      return 0;
    }
  }

  private static String mode(Path p) throws IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  private static void await(String what, BooleanSupplier condition) {
    Scenario.await(what, STEP, Duration.ofMillis(50), condition);
  }
}
