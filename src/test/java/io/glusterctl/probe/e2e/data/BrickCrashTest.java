package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.ContainerProcess;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A brick process crashes (SIGKILL to one glusterfsd of a started replica-3 volume) and {@code
 * gluster volume start <vol> force} brings it back. That needs an init as the container's PID 1:
 * bricks are daemonized, so they are re-parented to PID 1, and glusterd counts a brick whose PID
 * still exists in {@code /proc} as running. With glusterd itself as PID 1 (which reaps only its own
 * children) the killed brick stays a zombie and {@code start force} leaves it offline; with tini as
 * PID 1 it is reaped and restarted.
 */
class BrickCrashTest {
  static final Duration BRICKS_ONLINE = Duration.ofSeconds(90);

  @BeforeAll
  static void requirements() {
    DataAssumptions.assumeSandboxAndProgram();
  }

  @Test
  void aKilledBrickIsReapedAndStartForceBringsItBack() {
    try (Sandbox sandbox = DataAssumptions.sandbox(3).start()) {
      sandbox.awaitConverged(Set.of(0, 1, 2), 20);
      ServedVolume v1 = ServedVolume.createReplicated(sandbox, "v1", 0, 1, 2);
      v1.start();
      assertThat(v1.awaitBricksOnline(0, BRICKS_ONLINE))
          .as("every brick online after volume start: %s", v1.status(0))
          .isTrue();

      long killed = v1.killBrick(1);
      DataAssumptions.await(
          "glusterd sees the killed brick offline",
          Duration.ofSeconds(60),
          () -> v1.status(1).flatMap(s -> v1.brickOf(1, s)).map(b -> !b.online()).orElse(false));
      v1.startForce(1).orThrow();
      List<ContainerProcess> processes = sandbox.requirePod(1).containerProcesses();
      assertThat(v1.awaitBricksOnline(1, BRICKS_ONLINE))
          .as(
              "every brick online after volume start force: %s; processes of pod 1: %s",
              v1.status(1), processes)
          .isTrue();
      assertThat(v1.brickPid(1)).isPresent().isNotEqualTo(java.util.OptionalLong.of(killed));
      DataAssumptions.await(
          "the killed brick is reaped (no zombie left in the container)",
          Duration.ofSeconds(10),
          () ->
              sandbox.requirePod(1).containerProcesses().stream()
                  .noneMatch(p -> p.hostPid() == killed));
    }
  }
}
