package io.glusterctl.probe.e2e.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A pod scaled away while it could not be reached: its preStop cannot leave, so the coordinator
 * detaches it while it is disconnected, and its kept volume still lists the pool. When the
 * StatefulSet scales up again, the pod comes back with that volume: the pool no longer knows it and
 * refuses its handshake, and it does not know it was detached. It must rejoin, and stay. Two ways
 * are right, and the test accepts either: the coordinator probes the missing member and glusterd
 * 10.3 takes it back (seen in the sandbox on 2026-12-03: the pod listed the three others healthy
 * for a few seconds, then none, then the coordinator's probe made the pool of four, with no
 * repair); or the pod sees itself forgotten (every peer disconnected, the members that answer do
 * not list it) and clears its pool state (backed up) before glusterd starts, and is then probed.
 * Which one happened is printed as a figure. The pool must then stay exactly the four.
 */
@Tag("extended")
class ScaleDownWhileAwayTest {
  private static final int AWAY = 3;

  @Test
  void aPodDetachedWhileAwayRejoinsWhenScaledUpAgain() {
    try (Scenario s =
        Scenario.experiment("scale down while away").replicas(4).formWithin(15).start()) {
      Sandbox sandbox = s.sandbox();
      sandbox.faults().cutLink(AWAY);
      sandbox.cluster().scale(3);
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(90));
      s.awaitConverged("scale 4 -> 3, pod 3 unreachable", Scenario.ordinals(3), 15);
      assertThat(files(sandbox.glusterPod(AWAY).glusterdDir().resolve("peers")))
          .as("pod 3's kept volume still lists the pool it was detached from")
          .hasSize(3);

      sandbox.cluster().scale(4);
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(90));
      s.awaitConverged("scale 3 -> 4, forgotten pod back", 25);

      s.assertExactPool(s.all());
      List<String> backups = s.repairs().backups(AWAY);
      assertThat(backups)
          .as("a repair of the pod that came back can only be the forgotten pod's")
          .allSatisfy(b -> assertThat(b).contains("forgotten"));
      s.figure(
          "how the pod rejoined",
          backups.isEmpty()
              ? "the coordinator's probe, no repair"
              : "a forgotten repair (" + backups.size() + " backup(s)), then the probe");
      // The two ways can race: the pod asks for its forgotten repair (liveness exit 7) while the
      // coordinator's probe takes it back. Seen 2026-12-03 before the fix: the request stood, the
      // kubelet restarted the pod once more, and its prestart found the pool listing it again
      // ("not confirmed ... nothing touched"). Now liveness asks the reference again while a
      // repair is pending and withdraws the request it no longer confirms: once the pool is the
      // four, no pod restarts, the one that came back included.
      s.markRestarts();
      Scenario.sleep(sandbox.probePeriod().multipliedBy(4));
      s.assertExactPool(s.all());
      Map<Integer, Integer> restarts = s.restartsSinceMark();
      assertThat(restarts)
          .as("restarts after convergence, the pod that came back included")
          .containsEntry(0, 0)
          .containsEntry(1, 0)
          .containsEntry(2, 0)
          .containsEntry(AWAY, 0);
      assertThat(s.repairs().backups(AWAY))
          .as("repairs of the pod that came back, after convergence")
          .allSatisfy(b -> assertThat(b).contains("forgotten"));
      s.figure("restarts of pod " + AWAY + " after convergence", restarts.get(AWAY).toString());
      s.assertNothingDetached();
    }
  }

  private static List<Path> files(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
