package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.data.DataAssumptions;
import io.glusterctl.probe.e2e.data.DataVolumes;
import io.glusterctl.probe.e2e.data.DataWorkload;
import io.glusterctl.probe.e2e.sandbox.GlusterPod;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R2, amnesia (the seed's experiment 4 as glusterd 10.3 shows it): everything in pod 1's {@code
 * /var/lib/glusterd} but {@code glusterd.info} is deleted while its glusterd is stopped. It comes
 * back with its UUID and no peers, and the pool lists it as {@code Peer Rejected}. Its liveness
 * asks for a repair, the kubelet restarts the container once, prestart rebuilds {@code peers/} from
 * a healthy member, and the pool converges with the volume definition back on pod 1.
 *
 * <p>With data ({@code extended}): v1 is started on pods 0..2 and a client writes a file every 200
 * ms through its FUSE mount meanwhile (pod 1's brick directory, on the same PersistentVolume, is
 * kept). Pod 1's brick is served again afterwards (online, with a brick process), the files written
 * while it was away are healed onto it, pod 1 is Ready again, and every acknowledged file reads
 * back from a fresh mount, with no heal pending and every brick online.
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

      forgetAndAwaitRepair(s, forgetful, uuid);
    }
  }

  @Test
  @Tag("extended")
  void aBrickHostThatForgotThePoolIsRepairedInOneRestartAndServesItsBrickAgain() {
    DataAssumptions.assumeFuseClient();
    try (Scenario s = Scenario.data("repair: amnesia, with data").start()) {
      Sandbox sandbox = s.sandbox();
      GlusterPod forgetful = sandbox.glusterPod(FORGETFUL);
      GlusterVolume volume = s.createVolume(0, 1, 2);
      ServedVolume v1 = DataVolumes.started(volume, DataWorkload.BRICKS_ONLINE);
      volume.awaitDefinitionEverywhere(4);
      String uuid = forgetful.uuid().orElseThrow();

      DataWorkload.whileWriting(
          s,
          v1,
          "amnesia of a brick host with data",
          () -> forgetAndAwaitRepair(s, forgetful, uuid));
      assertThat(v1.brickPid(FORGETFUL)).as("pod %d's brick process", FORGETFUL).isPresent();
      Scenario.await(
          "pod " + FORGETFUL + " Ready again",
          sandbox.probePeriod().multipliedBy(6),
          Duration.ofMillis(500),
          () -> sandbox.cluster().ready(FORGETFUL));
      s.assertExactPool(s.all());
      s.assertNothingDetached();
    }
  }

  /**
   * The fault and its repair: pod {@link #FORGETFUL}'s glusterd directory wiped but {@code
   * glusterd.info} while it is stopped; then the pool converges within the repair budget after
   * exactly one amnesia repair, and the pod has its {@code uuid}.
   */
  static void forgetAndAwaitRepair(Scenario s, GlusterPod forgetful, String uuid) {
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
