package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.GlusterPod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * R2, amnesia (the seed's experiment 4 as glusterd 10.3 shows it): everything in pod 1's {@code
 * /var/lib/glusterd} but {@code glusterd.info} is deleted while its glusterd is stopped. It comes
 * back with its UUID and no peers, and the pool lists it as {@code Peer Rejected}. Its liveness
 * asks for a repair, the kubelet restarts the container once, prestart rebuilds {@code peers/} from
 * a healthy member, and the pool converges with the volume definition back on pod 1.
 */
class RepairE2eAmnesiaTest {
  static final int FORGETFUL = 1;

  @Test
  void aPodThatForgotThePoolIsRepairedInOneRestart() {
    try (Scenario s = Scenario.repair("repair: amnesia").start()) {
      GlusterPod forgetful = s.sandbox().glusterPod(FORGETFUL);
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      v1.awaitDefinitionEverywhere(4);
      String uuid = forgetful.uuid().orElseThrow();

      s.whileStopped(
          FORGETFUL,
          () -> {
            wipeAllButInfo(forgetful.glusterdDir());
            s.watch().forget(FORGETFUL); // its own empty list is the fault, not a detach
          });
      assertThat(forgetful.peerStatus())
          .as("pod %d's peers right after the wipe", FORGETFUL)
          .isEmpty();

      s.awaitConverged(
          "pod " + FORGETFUL + " forgot the pool (R2) and was repaired", Scenario.REPAIR_BUDGET);
      s.assertRepairedOnce(FORGETFUL, "amnesia");
      assertThat(forgetful.uuid()).as("pod %d's UUID", FORGETFUL).contains(uuid);
    }
  }

  /** Deletes everything in {@code dir} but {@code glusterd.info}. */
  static void wipeAllButInfo(Path dir) {
    try (Stream<Path> top = Files.list(dir)) {
      for (Path p : top.filter(p -> !p.getFileName().toString().equals("glusterd.info")).toList()) {
        try (Stream<Path> all = Files.walk(p)) {
          for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(f);
          }
        }
      }
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left.map(p -> p.getFileName().toString()).toList())
            .isEqualTo(List.of("glusterd.info"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
