package io.glusterctl.probe.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.GlusterPod;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fault tests look at, from witnesses the program does not write itself where possible:
 * glusterd's own {@code cmd_history.log} (every {@code peer probe} and {@code peer detach} glusterd
 * carried out), the kubelet's record of every probe run and container restart, the repair backups
 * and the repair request on each PersistentVolume.
 *
 * <p>A {@link Window} is the time a fault lasted: {@link #open(Scenario)} when it starts, {@link
 * Window#close()} when it ends; the assertions then look at what happened inside it.
 */
final class FaultWitness {
  private static final Pattern HISTORY =
      Pattern.compile(
          "^\\[(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?) \\+0000\\]\\s*:\\s*(.*?)\\s*$");
  private static final DateTimeFormatter HISTORY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

  private FaultWitness() {}

  /** The span of one fault, and the restarts counted when it began. */
  static final class Window {
    private final Scenario scenario;
    private final Sandbox sandbox;
    private final Instant from;
    private final Map<Integer, Integer> restartsAtStart;
    private Instant to;

    private Window(Scenario scenario) {
      this.scenario = scenario;
      this.sandbox = scenario.sandbox();
      this.from = Instant.now();
      this.restartsAtStart = sandbox.cluster().restartCounts();
    }

    Instant from() {
      return from;
    }

    Instant to() {
      return to == null ? Instant.now() : to;
    }

    Window close() {
      to = Instant.now();
      return this;
    }

    Duration length() {
      return Duration.between(from, to());
    }

    /** The kubelet's runs of {@code kind} on pod {@code o} that started inside the window. */
    List<ProbeRun> runs(int o, ProbeKind kind) {
      return sandbox.glusterPod(o).probeRuns(kind).stream()
          .filter(r -> !r.at().isBefore(from) && r.at().isBefore(to()))
          .toList();
    }

    /**
     * The {@code peer probe} and {@code peer detach} glusterd carried out on any pod inside the
     * window.
     */
    List<String> poolChanges() {
      List<String> changes = new ArrayList<>();
      for (int o = 0; o < 16; o++) {
        for (String line : sandbox.glusterPod(o).commandHistory()) {
          Matcher m = HISTORY.matcher(line);
          if (!m.matches()) {
            continue;
          }
          Instant at = LocalDateTime.parse(m.group(1), HISTORY_TIME).toInstant(ZoneOffset.UTC);
          String what = m.group(2);
          if (!at.isBefore(from)
              && at.isBefore(to())
              && (what.startsWith("peer probe") || what.startsWith("peer detach"))) {
            changes.add(sandbox.podName(o) + " " + at + " " + what);
          }
        }
      }
      return changes;
    }

    /**
     * Keeps the fault on until at least {@code minimum} has passed and every pod of {@code pods}
     * has run its liveness {@code runs} times inside the window (on a loaded machine one run can
     * take longer than a period), at most {@code max}.
     */
    void lastAtLeast(Duration minimum, Set<Integer> pods, int runs, Duration max) {
      long end = System.nanoTime() + max.toNanos();
      while (System.nanoTime() < end) {
        boolean enough =
            length().compareTo(minimum) >= 0
                && pods.stream().allMatch(o -> runs(o, ProbeKind.LIVENESS).size() >= runs);
        if (enough) {
          return;
        }
        Scenario.sleep(Duration.ofMillis(200));
      }
    }

    /** Restarts of pod {@code o}'s container since the window opened. */
    int restartsSince(int o) {
      return sandbox.cluster().restarts(o) - restartsAtStart.getOrDefault(o, 0);
    }

    /**
     * The whole list of "nothing was done" checks for a fault during which no pod must act: no
     * probe or detach by any glusterd, no liveness failure, no repair asked for or made, no
     * restart; and every pod's liveness ran at least {@code minRuns} times.
     */
    void assertNothingDone(Set<Integer> pods, int minRuns) {
      assertNothingDone(pods, minRuns, Map.of());
    }

    /**
     * As {@link #assertNothingDone(Set, int)}, for pods of which some started inside the window:
     * their liveness runs are judged from when their glusterd first answered ({@code
     * answeringSince}). A glusterd that starts while the cluster DNS is down listens on its port at
     * once but answers the CLI only some 15 s later (measured: its init waits on name lookups), so
     * a new pod's first liveness run may honestly say it does not answer; one failure is below
     * every failureThreshold, and no restart is still asserted for every pod.
     */
    void assertNothingDone(Set<Integer> pods, int minRuns, Map<Integer, Instant> answeringSince) {
      assertThat(poolChanges())
          .as("peer probe/detach carried out by glusterd during the fault")
          .isEmpty();
      for (int o : pods) {
        Instant judged = answeringSince.getOrDefault(o, from);
        List<ProbeRun> live =
            runs(o, ProbeKind.LIVENESS).stream().filter(r -> !r.at().isBefore(judged)).toList();
        assertThat(live)
            .as("liveness runs of pod %d during the fault", o)
            .hasSizeGreaterThanOrEqualTo(minRuns);
        assertThat(live).as("liveness of pod %d during the fault", o).allMatch(ProbeRun::succeeded);
        assertThat(restartsSince(o)).as("restarts of pod %d during the fault", o).isZero();
        scenario.repairs().assertNoRepair(o);
      }
    }
  }

  static Window open(Scenario scenario) {
    return new Window(scenario);
  }

  /**
   * What pod {@code o}'s probe and hook runs that started at or after {@code since} printed, in
   * full (blocks of {@link io.glusterctl.probe.e2e.sandbox.Pod#probeOutputLog()}).
   */
  static String outputSince(Sandbox sandbox, int o, Instant since) {
    StringBuilder b = new StringBuilder();
    for (String block : ("\n" + sandbox.glusterPod(o).probeOutput()).split("\n==== ")) {
      if (block.isBlank()) {
        continue;
      }
      String at = block.substring(0, Math.max(0, block.indexOf(' ')));
      try {
        if (!Instant.parse(at).isBefore(since)) {
          b.append("==== ").append(block).append('\n');
        }
      } catch (java.time.format.DateTimeParseException e) {
        b.append("==== ").append(block).append('\n');
      }
    }
    return b.toString();
  }

  /**
   * What identifies pod {@code o}'s glusterd state: its UUID and the UUIDs of its peer files (a pod
   * that wiped itself loses the peer files; a lost identity changes the UUID).
   */
  static String identity(Sandbox sandbox, int o) {
    GlusterPod pod = sandbox.glusterPod(o);
    return "uuid=" + pod.uuid().orElse("none") + " peers=" + pod.peerFiles();
  }

  /**
   * Drift, as a hand edit under a running glusterd would make it: in pod's copy of a volume's
   * {@code info}, {@code performance.client-io-threads} turned on ({@code version=} unchanged).
   * glusterd reads it when it starts again, and the pool then rejects the pod.
   */
  static void drift(Path info) {
    String text = Scenario.read(info);
    assertThat(text).contains("performance.client-io-threads=off");
    Scenario.write(
        info,
        text.replace("performance.client-io-threads=off", "performance.client-io-threads=on"));
  }

  /**
   * SIGKILL to pod {@code o}'s glusterd, once it runs (at most {@code within}): the container dies
   * and the kubelet restarts it.
   */
  static void killGlusterd(Sandbox sandbox, int o, Duration within) {
    GlusterPod pod = sandbox.glusterPod(o);
    Scenario.await(
        "glusterd of pod " + o + " runs",
        within,
        Duration.ofMillis(50),
        () -> pod.glusterdProcess().isPresent());
    ProcessHandle glusterd = pod.glusterdProcess().orElseThrow();
    glusterd.destroyForcibly();
    sandbox.log().event("test: SIGKILL to glusterd of pod " + o + " (pid " + glusterd.pid() + ")");
  }

  /** Liveness durations in a window: "n runs, max X ms". */
  static String livenessFigures(Window w, Set<Integer> pods) {
    int n = 0;
    long max = 0;
    for (int o : pods) {
      for (ProbeRun r : w.runs(o, ProbeKind.LIVENESS)) {
        n++;
        max = Math.max(max, r.took().toMillis());
      }
    }
    return n + " liveness runs, longest " + max + " ms";
  }
}
