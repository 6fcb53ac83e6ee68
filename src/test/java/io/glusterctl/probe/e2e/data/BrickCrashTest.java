package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.ContainerProcess;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import java.time.Duration;
import java.util.List;
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

  @Test
  void aKilledBrickIsReapedAndStartForceBringsItBack() {
    try (Scenario s = Scenario.data("brick crash").start()) {
      Sandbox sandbox = s.sandbox();
      ServedVolume v1 = DataVolumes.startedOnPods012(s, BRICKS_ONLINE);

      long killed = v1.killBrick(1);
      Scenario.await(
          "glusterd sees the killed brick offline",
          Duration.ofSeconds(60),
          Duration.ofMillis(200),
          () -> v1.status(1).flatMap(st -> v1.brickOf(1, st)).map(b -> !b.online()).orElse(false));
      v1.startForce(1).orThrow();
      List<ContainerProcess> processes = sandbox.cluster().requirePod(1).containerProcesses();
      assertThat(v1.awaitBricksOnline(1, BRICKS_ONLINE))
          .as(
              "every brick online after volume start force: %s; processes of pod 1: %s",
              v1.status(1), processes)
          .isTrue();
      assertThat(v1.brickPid(1)).isPresent().isNotEqualTo(java.util.OptionalLong.of(killed));
      Scenario.await(
          "the killed brick is reaped (no zombie left in the container)",
          Duration.ofSeconds(10),
          Duration.ofMillis(200),
          () ->
              sandbox.cluster().requirePod(1).containerProcesses().stream()
                  .noneMatch(p -> p.hostPid() == killed));
    }
  }
}
