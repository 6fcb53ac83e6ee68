package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.DetachWatch;
import io.glusterctl.probe.e2e.sandbox.E2eAssumptions;
import io.glusterctl.probe.e2e.sandbox.KubeletSettings;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.SandboxSettings;
import io.glusterctl.probe.e2e.sandbox.TimeScale;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * One end-to-end scenario, the way every end-to-end test runs: a StatefulSet of real glusterd pods
 * that run the packaged program as their probes and hooks ({@link Sandbox}), formed into a pool
 * before the test's own steps begin; a {@link DetachWatch} that records any desired member
 * vanishing from a healthy member's peer list; an optional replica volume ({@link #createVolume});
 * restart marks; convergence counted in probe periods and reported; and the standard checks at the
 * end: the pool exact, nothing detached, no repair (or exactly one, of one pod).
 *
 * <p>{@link #experiment}, {@link #repair} and {@link #fault} set the clock, the probes and the
 * formation budget of each group of tests; the builder changes the rest.
 */
public final class Scenario implements AutoCloseable {
  /**
   * Probe periods a repair may take from the fault to a converged pool: glusterd's handshake shows
   * the fault (a few periods), liveness sees it and fails {@code failureThreshold} (3) times, the
   * kubelet restarts the container once, prestart repairs, glusterd starts and shakes hands again.
   * Measured: 12 to 14 periods on a loaded 2-core machine.
   */
  public static final int REPAIR_BUDGET = 25;

  private final String name;
  private final Sandbox sandbox;
  private final Set<Integer> all;
  private final DetachWatch watch;
  private final RepairWitness repairs;
  private GlusterVolume volume;
  private Map<Integer, Integer> restartMark = Map.of();

  private Scenario(String name, Sandbox sandbox) {
    this.name = name;
    this.sandbox = sandbox;
    this.all = ordinals(sandbox.cluster().replicas());
    this.repairs = new RepairWitness(sandbox);
    this.watch = sandbox.pool().watchDetachments();
  }

  // ---- making one ------------------------------------------------------------------------------

  /**
   * The seed's experiments: the sandbox's default clock and the manifest's probes; 3 pods form the
   * pool within 12 probe periods.
   */
  public static Builder experiment(String name) {
    return new Builder(name);
  }

  /**
   * The repairs: the manifest's probes with its TCP startup probe ({@link
   * KubeletSettings#asInManifest()}), so that a pod whose repair is pending reaches its liveness
   * probe at once; 20 periods to form the pool.
   */
  public static Builder repair(String name) {
    return new Builder(name).kubelet(KubeletSettings.asInManifest()).formWithin(20);
  }

  /**
   * The faults: the {@link #faultTimeScale()} clock, and 60 periods to form the pool (these tests
   * met machines at load 20 to 55).
   */
  public static Builder fault(String name) {
    return new Builder(name).timeScale(faultTimeScale()).formWithin(60);
  }

  /**
   * The data tests (a started volume, bricks, a FUSE client): a gentler clock (x2, timeouts /1.5),
   * because heals, reconnects and the client run on glusterd's own real time, and on a busy 2-core
   * machine a probe run took 8 to 11 s, which at x3 left the lone coordinator no time to probe its
   * peers; and the manifest's probes with a startupProbe that waits until glusterd answers the CLI
   * ({@code gluster pool list}) rather than until its port accepts connections: glusterd listens on
   * 24007 before its start-up work (about 25 geo-replication configuration runs of python on
   * glusterd 10.3: 2.5 to 3 s of CPU measured alone, far longer on a loaded machine) is done, and
   * on a loaded machine liveness then restarts it again and again before it ever answers. These
   * tests are about the bricks and the client, not that race. 20 periods to form the pool.
   */
  public static Builder data(String name) {
    return new Builder(name)
        .timeScale(new TimeScale(2, 1.5))
        .kubelet(
            KubeletSettings.asInManifest().withStartup(KubeletSettings.answeringStartupProbe()))
        .formWithin(20);
  }

  /**
   * The fault tests' clock: periods 3 times faster than a cluster (a 30 s liveness period is 10 s),
   * timeouts and deadlines as in the manifest (run deadline 20 s, gluster timeout 8 s, probe
   * timeout 25 s, grace 60 s), unless {@value TimeScale#PROPERTY} or {@value
   * TimeScale#TIMEOUT_PROPERTY} say otherwise. These tests share a 2-core machine with other
   * sandboxes; with shorter timeouts (deadline 8 s, gluster timeout 4 s) a machine at load 20 to 40
   * spends a whole run's budget on starting the JVM and observing, and the coordinator skips every
   * probe with "run deadline reached" (measured: a 3-pod and a 5-pod pool never formed). What the
   * tests prove does not depend on how fast the clock runs; the figures are in probe periods.
   */
  public static TimeScale faultTimeScale() {
    if (System.getProperty(TimeScale.PROPERTY) != null
        || System.getProperty(TimeScale.TIMEOUT_PROPERTY) != null) {
      return TimeScale.fromSystemProperties();
    }
    return new TimeScale(3, 1);
  }

  /** How a scenario's sandbox is made and how long its pool may take to form. */
  public static final class Builder {
    private final String name;
    private final SandboxSettings.Builder settings = Sandbox.builder().replicas(3);
    private int replicas = 3;
    private int formationPeriods = 12;

    private Builder(String name) {
      this.name = name;
    }

    public Builder replicas(int n) {
      replicas = n;
      settings.replicas(n);
      return this;
    }

    /** The probe periods the pods get to form the pool before the scenario begins. */
    public Builder formWithin(int periods) {
      formationPeriods = periods;
      return this;
    }

    public Builder timeScale(TimeScale t) {
      settings.timeScale(t);
      return this;
    }

    public Builder kubelet(KubeletSettings k) {
      settings.kubelet(k);
      return this;
    }

    /** An environment variable for every pod (the program reads its options from them). */
    public Builder env(String variable, String value) {
      settings.env(variable, value);
      return this;
    }

    /** Whether the fake API server runs; without it the pods read the members from DNS. */
    public Builder api(boolean on) {
      settings.api(on);
      return this;
    }

    /**
     * Skips without root and the tools; fails when the program is not built; starts the sandbox and
     * returns once its pods formed the pool (reported as the scenario's first step).
     */
    public Scenario start() {
      E2eAssumptions.assumeSandboxAndProgram();
      Sandbox sandbox = settings.start();
      Scenario s;
      try {
        s = new Scenario(name, sandbox);
      } catch (RuntimeException | Error e) {
        sandbox.close();
        throw e;
      }
      System.out.println(
          "["
              + name
              + "] sandbox "
              + sandbox.dir()
              + " (events.log, pods/*/container.log, pods/*/log)");
      try {
        s.awaitConverged(replicas + " pods form the pool", s.all, formationPeriods);
      } catch (RuntimeException | Error e) {
        s.close();
        throw e;
      }
      return s;
    }
  }

  // ---- what it is ------------------------------------------------------------------------------

  public String name() {
    return name;
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  /** The ordinals of the pods the scenario started with: 0 to replicas - 1. */
  public Set<Integer> all() {
    return all;
  }

  /** The detach watch, running since the sandbox started. */
  public DetachWatch watch() {
    return watch;
  }

  /** The repairs asked for and carried out, or not, pod by pod. */
  public RepairWitness repairs() {
    return repairs;
  }

  public static Set<Integer> ordinals(int replicas) {
    return new TreeSet<>(IntStream.range(0, replicas).boxed().toList());
  }

  // ---- convergence -----------------------------------------------------------------------------

  /**
   * Waits until every pod of {@code expected} lists exactly the others as {@code Peer in Cluster
   * (Connected)}, at most {@code maxPeriods} probe periods, and reports how many it took as {@code
   * step}.
   */
  public int awaitConverged(String step, Set<Integer> expected, int maxPeriods) {
    int periods = sandbox.pool().awaitConverged(expected, maxPeriods);
    report(step, periods);
    return periods;
  }

  /** {@link #awaitConverged(String, Set, int)} on {@link #all()}. */
  public int awaitConverged(String step, int maxPeriods) {
    return awaitConverged(step, all, maxPeriods);
  }

  /**
   * Prints how many probe periods {@code step} took to converge and appends it to {@code
   * target/e2e-convergence.tsv}.
   */
  public void report(String step, int periods) {
    long period = sandbox.probePeriod().toMillis();
    System.out.printf(
        "[%s] %s: converged in %d probe period(s) of %d ms (time scale x%s)%n",
        name, step, periods, period, sandbox.timeScale().factor());
    append(
        "target/e2e-convergence.tsv",
        Instant.now() + "\t" + name + "\t" + step + "\t" + periods + "\t" + period + "\n");
  }

  /**
   * Prints a figure of the scenario that is not a convergence count (a fault's length, the longest
   * liveness run...) and appends it to {@code target/e2e-figures.tsv}.
   */
  public void figure(String what, String value) {
    System.out.println("[" + name + "] " + what + ": " + value);
    append(
        "target/e2e-figures.tsv", Instant.now() + "\t" + name + "\t" + what + "\t" + value + "\n");
  }

  /** Appends a line to a file under the repository (a figure's record; the print is the other). */
  private static void append(String file, String line) {
    Path tsv = SandboxSettings.repoDir().resolve(file);
    try {
      Files.createDirectories(tsv.getParent());
      Files.writeString(
          tsv, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the print is the record
    }
  }

  // ---- the volume ------------------------------------------------------------------------------

  /**
   * Creates volume {@code v1}, {@code replica <n>} with a brick on each of the {@code n} pods (3 in
   * every test but the two-member one); its definition is compared on every pod of {@link #all()}.
   */
  public GlusterVolume createVolume(int... hosts) {
    volume = GlusterVolume.create(sandbox, all, "v1", hosts);
    return volume;
  }

  // ---- restarts --------------------------------------------------------------------------------

  /** Remembers every pod's restart count: the baseline for the restart checks below. */
  public void markRestarts() {
    restartMark = sandbox.cluster().restartCounts();
  }

  /** Restarts of each pod of {@link #all()} since {@link #markRestarts()}. */
  public Map<Integer, Integer> restartsSinceMark() {
    Map<Integer, Integer> m = new TreeMap<>();
    for (int o : all) {
      m.put(o, sandbox.cluster().restarts(o) - restartMark.getOrDefault(o, 0));
    }
    return m;
  }

  /** Since the mark, {@code restarted} restarted exactly once and no other pod at all. */
  public void assertRestartedOnly(int restarted) {
    Map<Integer, Integer> expected = new TreeMap<>();
    for (int o : all) {
      expected.put(o, o == restarted ? 1 : 0);
    }
    assertThat(restartsSinceMark()).as("container restarts since the mark").isEqualTo(expected);
  }

  /** No pod restarted since the mark. */
  public void assertNoRestartSinceMark() {
    assertThat(restartsSinceMark())
        .as("container restarts since the mark")
        .allSatisfy((o, n) -> assertThat(n).isZero());
  }

  /**
   * The pod's container is stopped (the kubelet holds it), {@code change} is made to its volume
   * while its glusterd is down, and the container starts again: that restart is the fault's own, so
   * the restart mark is taken after it.
   */
  public void whileStopped(int ordinal, Runnable change) {
    sandbox.faults().stopContainer(ordinal);
    change.run();
    sandbox.faults().startContainer(ordinal);
    markRestarts();
  }

  // ---- the standard checks ---------------------------------------------------------------------

  /**
   * Every pod of {@code expected} lists exactly the others, by FQDN, as {@code Peer in Cluster
   * (Connected)}.
   */
  public void assertExactPool(Set<Integer> expected) {
    assertThat(sandbox.pool().problems(expected))
        .as("pods whose peer list is not exactly the others")
        .isEmpty();
  }

  /** The watch looked, and no desired member vanished from a healthy member's peer list. */
  public void assertNothingDetached() {
    assertThat(watch.polls()).as("peer listings the detach watch looked at").isPositive();
    assertThat(watch.detachments())
        .as("desired members that vanished from a healthy member's list")
        .isEmpty();
  }

  /**
   * The pool stays exactly {@link #all()} for {@code periods} more probe periods and no pod
   * restarts meanwhile: a repair that converged is not followed by another.
   */
  public void assertStaysConverged(int periods) {
    Map<Integer, Integer> before = restartsSinceMark();
    sleep(sandbox.probePeriod().multipliedBy(periods));
    assertExactPool(all);
    assertThat(restartsSinceMark())
        .as("restarts %d periods after convergence", periods)
        .isEqualTo(before);
  }

  /**
   * The whole end of a repair test: exactly one repair, of {@code repaired}, of this {@code kind}
   * ({@link RepairWitness#assertOnlyRepairOf}), and since the mark it restarted once and no other
   * pod at all. Then the volume's definition (if the scenario has a volume) is back on every pod
   * within 4 probe periods, the pool stays converged for 3 more without a restart, and no desired
   * member was ever detached.
   */
  public void assertRepairedOnce(int repaired, String kind) {
    repairs.assertOnlyRepairOf(repaired, kind, all);
    assertRestartedOnly(repaired);
    if (volume != null) {
      volume.assertDefinitionEverywhere(4);
    }
    assertStaysConverged(3);
    assertNothingDetached();
  }

  // ---- small things every scenario needs -------------------------------------------------------

  public static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Path p, String text) {
    try {
      Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Polls {@code condition} every {@code every} until it holds; an {@link AssertionError} that says
   * {@code what} when it has not within {@code within}.
   */
  public static void await(
      String what, Duration within, Duration every, BooleanSupplier condition) {
    long end = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      sleep(every);
    }
  }

  public static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops the watch and closes the sandbox (every namespace, process and mount it made). */
  @Override
  public void close() {
    try {
      watch.close();
    } finally {
      sandbox.close();
    }
  }
}
