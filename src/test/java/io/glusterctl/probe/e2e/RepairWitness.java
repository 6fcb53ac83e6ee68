package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What shows, pod by pod, that a repair was asked for and carried out, or that none was: the
 * kubelet's record of the liveness runs that asked for one (exit 7), the backups and the state file
 * the program keeps on the pod's PersistentVolume, and what {@code glusterctl-probe status} says.
 */
public final class RepairWitness {
  /**
   * Where the probe keeps its state on the PersistentVolume (the pod's /var/lib/glusterctl-probe).
   */
  private static final String STATE_DIR = "probe";

  private final Sandbox sandbox;

  RepairWitness(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** No repair of pod {@code o} was asked for or carried out: no backup, no request, no exit 7. */
  public void assertNoRepair(int o) {
    assertThat(backups(o)).as("repair backups of pod %d", o).isEmpty();
    assertThat(stateFile(o))
        .as("pod %d's state file", o)
        .doesNotContain("repair.pending")
        .doesNotContain("repair.last");
    assertThat(repairRequests(o)).as("pod %d's liveness runs that asked for a repair", o).isEmpty();
  }

  /**
   * Exactly one repair, of {@code repaired}, of this {@code kind}, among {@code pods}: its liveness
   * asked for it (exit 7) and no other pod's ever did; one backup, named for the kind and holding a
   * {@code glusterd.info}, on it and none elsewhere; and its {@code status} shows the repair done,
   * with its backup.
   */
  public void assertOnlyRepairOf(int repaired, String kind, Set<Integer> pods) {
    assertThat(repairRequests(repaired))
        .as("liveness runs of pod %d that asked for the repair", repaired)
        .isNotEmpty();
    for (int o : pods) {
      List<String> b = backups(o);
      if (o != repaired) {
        assertThat(b).as("backups of pod %d, which was not repaired", o).isEmpty();
        assertThat(repairRequests(o))
            .as("liveness runs of pod %d that asked for a repair", o)
            .isEmpty();
        continue;
      }
      assertThat(b).as("backups of the repaired pod %d", o).hasSize(1);
      assertThat(b.get(0)).as("the backup's name").startsWith("glusterd-").endsWith("-" + kind);
      assertThat(lastBackup(o).resolve("glusterd.info"))
          .as("the backup's glusterd.info")
          .isRegularFile();
    }
    assertThat(status(repaired))
        .as("status of the repaired pod %d", repaired)
        .contains("repair:   last: " + kind + " done at ")
        .contains(", backup /var/lib/glusterctl-probe/backups/glusterd-")
        .doesNotContain("PENDING");
  }

  /**
   * The names of the repair backups on pod {@code o}'s volume ({@code <state>/backups}), sorted.
   */
  public List<String> backups(int o) {
    Path dir = backupDir(o);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where pod {@code o}'s repair backups are, on its volume. */
  public Path backupDir(int o) {
    return sandbox.volume(o).resolve(STATE_DIR).resolve("backups");
  }

  /** The newest of pod {@code o}'s backups. */
  public Path lastBackup(int o) {
    List<String> b = backups(o);
    assertThat(b).as("backups of pod %d", o).isNotEmpty();
    return backupDir(o).resolve(b.get(b.size() - 1));
  }

  /** The probe's state file on pod {@code o}'s volume, or "" when there is none. */
  public String stateFile(int o) {
    Path f = sandbox.volume(o).resolve(STATE_DIR).resolve("state.json");
    try {
      return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "unreadable: " + e;
    }
  }

  /** The liveness runs of pod {@code o} that asked for a repair (exit 7). */
  public List<ProbeRun> repairRequests(int o) {
    return sandbox.glusterPod(o).probeRuns(ProbeKind.LIVENESS).stream()
        .filter(r -> r.exitCode() == 7)
        .toList();
  }

  /** {@code glusterctl-probe status} in pod {@code o}. */
  public String status(int o) {
    return sandbox.glusterPod(o).probe("status").stdout();
  }
}
