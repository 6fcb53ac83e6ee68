package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.DetachWatch;
import io.glusterctl.probe.e2e.sandbox.Pod;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's experiment 4: with a replica-3 volume defined, pod 1 is deleted; it comes back with
 * its volume and UUID, the pool is healthy (no {@code Peer Rejected}), and the volume definition is
 * the same on every pod.
 */
class Experiment4PodDeleteTest {

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void aDeletedPodComesBackIntoAHealthyPool() throws IOException {
    try (Sandbox sandbox = Sandbox.builder().replicas(3).start();
        DetachWatch watch = sandbox.pool().watchDetachments()) {
      Set<Integer> all = SeedExperiments.ordinals(3);
      SeedExperiments.report(
          sandbox, "experiment 4", "3 pods form the pool", sandbox.pool().awaitConverged(all, 12));
      sandbox
          .glusterPod(0)
          .gluster(
              "volume",
              "create",
              "v1",
              "replica",
              "3",
              sandbox.fqdn(0) + ":/bricks/b",
              sandbox.fqdn(1) + ":/bricks/b",
              sandbox.fqdn(2) + ":/bricks/b",
              "force")
          .orThrow();
      List<String> before = volumeInfo(sandbox);
      assertThat(before)
          .allMatch(
              info ->
                  info.contains("Volume Name: v1") && info.contains("Number of Bricks: 1 x 3 = 3"));
      assertThat(before).containsOnly(before.get(0));

      String uuid = sandbox.glusterPod(1).uuid().orElseThrow();
      Pod deleted = sandbox.cluster().requirePod(1);
      sandbox.cluster().deletePod(1);
      sandbox.cluster().awaitNewPod(1, deleted.incarnation(), Duration.ofSeconds(60));
      int periods =
          sandbox.pool().awaitConverged(all, 12 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
      SeedExperiments.report(sandbox, "experiment 4", "pod 1 deleted and back", periods);

      SeedExperiments.assertExactPool(sandbox, all);
      assertThat(sandbox.glusterPod(1).uuid()).contains(uuid);
      List<String> after = volumeInfo(sandbox);
      assertThat(after).containsOnly(before.get(0));
      SeedExperiments.assertNothingDetached(watch);
    }
  }

  /**
   * Each pod's definition of v1: {@code volume info} with the options sorted (glusterd lists
   * "Options Reconfigured" in a different order on each node and after a restart), and the volume's
   * checksum file from the pod's volume (what glusterd compares in the peer handshake).
   */
  private static List<String> volumeInfo(Sandbox sandbox) throws IOException {
    List<String> infos = new ArrayList<>();
    for (int o = 0; o < 3; o++) {
      String text = sandbox.glusterPod(o).gluster("volume", "info", "v1").orThrow().stdout();
      int options = text.indexOf("Options Reconfigured:");
      String head = options < 0 ? text : text.substring(0, options);
      List<String> sorted =
          options < 0
              ? List.of()
              : text.substring(options).lines().skip(1).filter(l -> !l.isBlank()).sorted().toList();
      Path cksum = sandbox.volume(o).resolve("glusterd/vols/v1/cksum");
      infos.add(
          head.strip()
              + "\n"
              + String.join("\n", sorted)
              + "\ncksum: "
              + Files.readString(cksum).strip());
    }
    return infos;
  }
}
