package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.DetachWatch;
import io.glusterctl.probe.e2e.sandbox.KubeletSettings;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.SandboxSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What every repair end-to-end test does around its fault: a sandbox with the manifest's probes, a
 * replica-3 volume {@code v1}, the watch that no desired member is ever detached, and the checks
 * after the fault: every pod {@code Peer in Cluster (Connected)} within one container restart of
 * the repaired pod, the volume definition identical on every pod, the backup under the repaired
 * pod's state directory and nowhere else, and no other pod restarted.
 */
final class RepairScenario implements AutoCloseable {
  /**
   * Where the probe keeps its state on the PersistentVolume (the pod's /var/lib/glusterctl-probe).
   */
  static final String STATE_DIR = "probe";

  /**
   * Probe periods a repair may take from the fault to a converged pool: glusterd's handshake shows
   * the fault (a few periods), liveness sees it and fails {@code failureThreshold} (3) times, the
   * kubelet restarts the container once, prestart repairs, glusterd starts and shakes hands again.
   * Measured: 12 to 14 periods on a loaded 2-core machine.
   */
  static final int REPAIR_BUDGET = 25;

  final Sandbox sandbox;
  final DetachWatch watch;
  final Set<Integer> all;
  final String experiment;
  private Map<Integer, Integer> restartsBefore = Map.of();

  private RepairScenario(Sandbox sandbox, String experiment) {
    this.sandbox = sandbox;
    this.experiment = experiment;
    this.all = SeedExperiments.ordinals(sandbox.cluster().replicas());
    this.watch = sandbox.pool().watchDetachments();
  }

  /**
   * A sandbox of {@code replicas} pods with the manifest's probes; returns once they formed the
   * pool.
   */
  static RepairScenario start(
      String experiment, int replicas, Consumer<SandboxSettings.Builder> tweak) {
    SandboxSettings.Builder b =
        Sandbox.builder().replicas(replicas).kubelet(KubeletSettings.asInManifest());
    tweak.accept(b);
    Sandbox sandbox = b.start();
    RepairScenario s;
    try {
      s = new RepairScenario(sandbox, experiment);
    } catch (RuntimeException | Error e) {
      sandbox.close();
      throw e;
    }
    System.out.println(
        "["
            + experiment
            + "] sandbox "
            + sandbox.dir()
            + " (events.log, pods/*/container.log, pods/*/log)");
    s.report(replicas + " pods form the pool", sandbox.pool().awaitConverged(s.all, 20));
    return s;
  }

  static RepairScenario start(String experiment, int replicas) {
    return start(experiment, replicas, b -> {});
  }

  /**
   * {@code gluster volume create v1 replica <n> <fqdn>:/bricks/b ... force} on the first of the
   * {@code n} {@code ordinals} (replica 3 in every test but the two-member one).
   */
  void createVolume(int... ordinals) {
    List<String> argv =
        new ArrayList<>(
            List.of("volume", "create", "v1", "replica", Integer.toString(ordinals.length)));
    for (int o : ordinals) {
      argv.add(sandbox.fqdn(o) + ":/bricks/b");
    }
    argv.add("force");
    sandbox.glusterPod(ordinals[0]).gluster(argv.toArray(String[]::new)).orThrow();
  }

  /**
   * Each pod's definition of v1: {@code volume info v1} with the options sorted (glusterd lists
   * them in another order on each node and after a restart), and the volume's checksum file, what
   * glusterd compares in the peer handshake.
   */
  Map<Integer, String> volumeDefinitions() {
    Map<Integer, String> defs = new TreeMap<>();
    for (int o : all) {
      CommandResult r = sandbox.glusterPod(o).gluster("--timeout=10", "volume", "info", "v1");
      if (!r.ok()) {
        defs.put(o, "volume info failed: " + r.describe());
        continue;
      }
      String text = r.stdout();
      int options = text.indexOf("Options Reconfigured:");
      String head = options < 0 ? text : text.substring(0, options);
      List<String> sorted =
          options < 0
              ? List.of()
              : text.substring(options).lines().skip(1).filter(l -> !l.isBlank()).sorted().toList();
      Path cksum = glusterdDir(o).resolve("vols/v1/cksum");
      String sum = Files.isRegularFile(cksum) ? read(cksum).strip() : "(no cksum file)";
      defs.put(o, head.strip() + "\n" + String.join("\n", sorted) + "\ncksum: " + sum);
    }
    return defs;
  }

  /**
   * Waits (at most {@code periods} probe periods: glusterd imports the volume right after the
   * handshake, not at once) until every pod has {@code expected} as its definition of v1.
   */
  void assertVolumeEverywhere(String expected, int periods) {
    long end = System.nanoTime() + sandbox.probePeriod().multipliedBy(periods).toNanos();
    Map<Integer, String> defs = volumeDefinitions();
    while (!defs.values().stream().allMatch(expected::equals) && System.nanoTime() < end) {
      sleep(Duration.ofMillis(500));
      defs = volumeDefinitions();
    }
    assertThat(defs)
        .as("each pod's definition of volume v1")
        .allSatisfy((o, d) -> assertThat(d).isEqualTo(expected));
  }

  /**
   * Each brick of v1 as pod {@code observer} lists it ({@code host:/path}) with its owner's UUID
   * ({@code hostUuid}).
   */
  Map<String, String> brickOwners(int observer) {
    String xml =
        sandbox
            .glusterPod(observer)
            .gluster("--timeout=10", "--xml", "volume", "info", "v1")
            .orThrow()
            .stdout();
    Map<String, String> owners = new TreeMap<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<name>([^<]+)</name>\\s*<hostUuid>([^<]+)</hostUuid>")
            .matcher(xml);
    while (m.find()) {
      owners.put(m.group(1), m.group(2));
    }
    assertThat(owners).as("bricks of v1 in pod %d's volume info:\n%s", observer, xml).isNotEmpty();
    return owners;
  }

  /**
   * The pod's volume is lost while its glusterd is stopped; it starts again on a new, empty one.
   */
  void loseVolumeOf(int ordinal) {
    sandbox.faults().stopContainer(ordinal);
    sandbox.faults().loseVolume(ordinal);
    watch.forget(ordinal); // its own empty list is the fault, not a detach
    sandbox.faults().startContainer(ordinal); // the fault's own restart, before the mark
    markRestarts();
  }

  Path glusterdDir(int ordinal) {
    return sandbox.volume(ordinal).resolve("glusterd");
  }

  /**
   * The repair backups under the pod's state directory ({@code <state-dir>/backups/glusterd-*}).
   */
  List<Path> backups(int ordinal) {
    Path dir = sandbox.volume(ordinal).resolve(STATE_DIR).resolve("backups");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Remembers every pod's restart count: the baseline for {@link #assertRestartedOnly}. */
  void markRestarts() {
    Map<Integer, Integer> m = new TreeMap<>();
    for (int o : all) {
      m.put(o, sandbox.cluster().restarts(o));
    }
    restartsBefore = m;
  }

  /** Restarts of each pod since {@link #markRestarts()}. */
  Map<Integer, Integer> restartsSinceMark() {
    Map<Integer, Integer> m = new TreeMap<>();
    for (int o : all) {
      m.put(o, sandbox.cluster().restarts(o) - restartsBefore.getOrDefault(o, 0));
    }
    return m;
  }

  /**
   * Since the mark, {@code repaired} restarted exactly once (the repair) and no other pod at all.
   */
  void assertRestartedOnly(int repaired) {
    Map<Integer, Integer> expected = new TreeMap<>();
    for (int o : all) {
      expected.put(o, o == repaired ? 1 : 0);
    }
    assertThat(restartsSinceMark()).as("container restarts since the fault").isEqualTo(expected);
  }

  /**
   * Exactly one backup, on {@code repaired}, named for {@code kind}, holding a glusterd.info; none
   * elsewhere.
   */
  void assertBackupOnlyOn(int repaired, String kind) {
    for (int o : all) {
      List<Path> b = backups(o);
      if (o == repaired) {
        assertThat(b).as("backups of the repaired pod %d", o).hasSize(1);
        assertThat(b.get(0).getFileName().toString())
            .as("the backup's name")
            .startsWith("glusterd-")
            .endsWith("-" + kind);
        assertThat(b.get(0).resolve("glusterd.info"))
            .as("the backup's glusterd.info")
            .isRegularFile();
      } else {
        assertThat(b).as("backups of pod %d, which was not repaired", o).isEmpty();
      }
    }
  }

  /** The liveness runs of the pod that asked for a repair (exit 7). */
  List<ProbeRun> repairRequests(int ordinal) {
    return sandbox.glusterPod(ordinal).probeRuns(ProbeKind.LIVENESS).stream()
        .filter(r -> r.exitCode() == 7)
        .toList();
  }

  /** No pod's liveness ever asked for a repair, besides {@code except}. */
  void assertNoRepairRequestedBesides(int except) {
    for (int o : all) {
      if (o != except) {
        assertThat(repairRequests(o))
            .as("liveness runs of pod %d that asked for a repair", o)
            .isEmpty();
      }
    }
  }

  /** {@code glusterctl-probe status} in the pod. */
  String status(int ordinal) {
    return sandbox.glusterPod(ordinal).probe("status").stdout();
  }

  /** {@code status} of the repaired pod shows the repair: its kind, done, and its backup. */
  void assertStatusShowsRepair(int ordinal, String kind) {
    String status = status(ordinal);
    assertThat(status)
        .as("status of the repaired pod %d", ordinal)
        .contains("repair:   last: " + kind + " done at ")
        .contains(", backup /var/lib/glusterctl-probe/backups/glusterd-")
        .doesNotContain("PENDING");
  }

  /**
   * The pool stays converged for {@code periods} more probe periods and no pod restarts meanwhile:
   * a repair that converged is not followed by another.
   */
  void assertStaysConverged(int periods) {
    Map<Integer, Integer> before = restartsSinceMark();
    sleep(sandbox.probePeriod().multipliedBy(periods));
    SeedExperiments.assertExactPool(sandbox, all);
    assertThat(restartsSinceMark())
        .as("restarts %d periods after convergence", periods)
        .isEqualTo(before);
  }

  void report(String step, int periods) {
    SeedExperiments.report(sandbox, experiment, step, periods);
  }

  /** The files under the pod's glusterd directory, relative, each with its content. */
  Map<String, String> glusterdFiles(int ordinal) {
    Path root = glusterdDir(ordinal);
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .collect(
              Collectors.toMap(
                  p -> root.relativize(p).toString(),
                  RepairScenario::read,
                  (a, b) -> a,
                  TreeMap::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path p, String text) {
    try {
      Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      watch.close();
    } finally {
      sandbox.close();
    }
  }
}
