package io.glusterctl.probe.e2e.repairs;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.data.DataAssumptions;
import io.glusterctl.probe.e2e.data.DataVolumes;
import io.glusterctl.probe.e2e.data.DataWorkload;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import io.glusterctl.probe.e2e.sandbox.WorkloadLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A lost PersistentVolume on a pod that carries a brick: pod 1's volume is replaced by an empty one
 * while its glusterd is stopped. glusterd starts with a new UUID and no peers, while the pool lists
 * pod 1's name under its old UUID, which owns a brick of v1. Its liveness asks for a lost-identity
 * repair; prestart writes the old UUID back into {@code glusterd.info} and rebuilds {@code peers/}
 * from a healthy member. Pod 1 ends with its old UUID, so the brick keeps its owner.
 *
 * <p>With data ({@code extended}): v1 is started on pods 0..2 and a client writes a file every 200
 * ms through its FUSE mount meanwhile. The brick's directory was on the lost volume, so glusterd
 * cannot start it. The program reports the commands that rebuild it ({@code mkdir} of the brick's
 * directory, {@code gluster volume start v1 force}, {@code gluster volume heal v1 full}) in pod 1's
 * readiness line, what {@code kubectl describe pod} shows, and does not run them: three probe
 * periods later the brick is still offline, its directory still missing, and no pod's glusterd has
 * a command in its history since the loss that could rebuild a brick ({@code volume start}, {@code
 * heal}, {@code reset-brick}, {@code replace-brick}). Then the test runs the reported commands in
 * pod 1, as a person would with {@code kubectl exec}; the brick comes back empty, the self-heal
 * daemon copies the files back from the other replicas, and every acknowledged file is on pod 1's
 * brick again with its sha256 and reads back from a fresh mount, with no heal pending and every
 * brick online.
 */
class RepairE2eLostVolumeBrickHostTest {
  static final int LOST = 1;

  /** Where the program says what a person has to run, and where it says it does not run it. */
  static final String RUN = "to rebuild it from the other replicas run in this pod: ";

  static final String NOT_RUN = " (glusterctl-probe does not run it)";

  @Test
  void aBrickHostThatLostItsVolumeReadoptsItsIdentityInOneRestart() {
    try (Scenario s = Scenario.repair("repair: lost volume, brick host").start()) {
      GlusterVolume v1 = s.createVolume(0, 1, 2);
      v1.awaitDefinitionEverywhere(4);
      LostVolume lost = new LostVolume(s, v1, LOST);
      assertThat(lost.owners()).containsEntry(v1.brick(LOST), lost.oldUuid());

      lost.lose();
      lost.assertRepaired(
          "pod " + LOST + " (a brick host) lost its volume and re-adopted its UUID");
    }
  }

  @Test
  @Tag("extended")
  void aBrickHostThatLostItsVolumeReadoptsItsIdentityAndItsBrickIsRebuiltByAPerson() {
    DataAssumptions.assumeFuseClient();
    try (Scenario s = Scenario.data("repair: lost volume, brick host, with data").start()) {
      Sandbox sandbox = s.sandbox();
      GlusterVolume volume = s.createVolume(0, 1, 2);
      ServedVolume v1 = DataVolumes.started(volume, DataWorkload.BRICKS_ONLINE);
      volume.awaitDefinitionEverywhere(4);
      LostVolume lost = new LostVolume(s, volume, LOST);
      assertThat(lost.owners()).containsEntry(volume.brick(LOST), lost.oldUuid());
      String restore =
          "mkdir "
              + v1.brickPath()
              + " "
              + v1.brickPath()
              + "/.glusterfs && gluster volume start v1 force && gluster volume heal v1 full";
      Map<Integer, Integer> history = new TreeMap<>();
      for (int o : s.all()) {
        history.put(o, sandbox.glusterPod(o).commandHistory().size());
      }

      String name = "lost volume of a brick host with data";
      WorkloadLog written =
          DataWorkload.whileWriting(
              s,
              v1,
              name,
              () -> {
                Instant change = Instant.now();
                lost.lose();
                lost.assertRepaired(
                    "pod "
                        + LOST
                        + " (a brick host of a started volume) lost its volume and"
                        + " re-adopted its UUID");
                String command = reportedAndNotRun(s, v1, change, restore, history);
                s.figure(name + ": loss to the person's command", "" + since(change));
                for (String call : command.split(" && ")) {
                  sandbox
                      .log()
                      .event("test: as a person, in " + sandbox.podName(LOST) + ": " + call);
                  sandbox
                      .cluster()
                      .requirePod(LOST)
                      .exec(Duration.ofMinutes(2), List.of(call.split(" ")))
                      .orThrow();
                }
              });

      Instant heal = Instant.now();
      Scenario.await(
          "every acknowledged file on pod " + LOST + "'s rebuilt brick",
          DataWorkload.HEALED,
          Duration.ofSeconds(2),
          () -> v1.filesNotOnBrick(LOST, written.acknowledged()).isEmpty());
      s.figure(name + ": then every file on the rebuilt brick after", "" + since(heal));
      Scenario.await(
          "pod " + LOST + " Ready again",
          sandbox.probePeriod().multipliedBy(6),
          Duration.ofMillis(500),
          () -> sandbox.cluster().ready(LOST));
      s.assertExactPool(s.all());
      s.assertNothingDetached();
    }
  }

  /**
   * Pod {@link #LOST}'s readiness reports {@code restore} for its brick, and for three probe
   * periods after that report nothing runs it: the brick is still offline and without its
   * directory, and no pod's glusterd carried out a command that could rebuild a brick ({@link
   * #rebuildsABrick}) since {@code history} (each pod's command count before the loss). Returns the
   * reported command.
   */
  private static String reportedAndNotRun(
      Scenario s, ServedVolume v1, Instant change, String restore, Map<Integer, Integer> history) {
    Sandbox sandbox = s.sandbox();
    Predicate<ProbeRun> reports =
        r ->
            r.kind() == ProbeKind.READINESS
                && r.ordinal() == LOST
                && !r.at().isBefore(change)
                && r.firstLine().contains(RUN + restore + NOT_RUN);
    Scenario.await(
        "pod " + LOST + "'s readiness reports " + restore,
        sandbox.probePeriod().multipliedBy(6),
        Duration.ofMillis(500),
        () -> !sandbox.log().probeRuns(reports).isEmpty());
    ProbeRun first = sandbox.log().probeRuns(reports).get(0);
    s.figure(s.name() + ": the report", first.toString());
    assertThat(first.succeeded()).as("pod %d ready while its brick is gone", LOST).isFalse();

    Scenario.sleep(sandbox.probePeriod().multipliedBy(3));
    assertThat(v1.status(0).flatMap(st -> v1.brickOf(LOST, st)))
        .as("pod %d's brick, 3 periods after the report: %s", LOST, v1.status(0))
        .hasValueSatisfying(b -> assertThat(b.online()).isFalse());
    assertThat(
            sandbox
                .cluster()
                .requirePod(LOST)
                .exec(Duration.ofSeconds(10), List.of("test", "-e", v1.brickPath()))
                .ok())
        .as("pod %d's brick directory exists, 3 periods after the report", LOST)
        .isFalse();
    for (int o : s.all()) {
      List<String> all = sandbox.glusterPod(o).commandHistory();
      assertThat(all.subList(Math.min(history.get(o), all.size()), all.size()))
          .as("pod %d's glusterd commands since the loss", o)
          .noneMatch(RepairE2eLostVolumeBrickHostTest::rebuildsABrick);
    }
    assertThat(sandbox.log().probeRuns(reports).size())
        .as("readiness runs that reported the command")
        .isGreaterThan(1);

    String line = first.firstLine();
    return line.substring(line.indexOf(RUN) + RUN.length(), line.indexOf(NOT_RUN));
  }

  /**
   * Whether a line of glusterd's command history is one that could bring a lost brick back: the
   * reported commands, or the other ways (reset-brick, replace-brick).
   */
  static boolean rebuildsABrick(String command) {
    return command.contains("volume start")
        || command.contains("reset-brick")
        || command.contains("replace-brick")
        || (command.contains("volume heal") && !command.contains(" info"));
  }

  private static Duration since(Instant t) {
    return Duration.between(t, Instant.now());
  }
}
