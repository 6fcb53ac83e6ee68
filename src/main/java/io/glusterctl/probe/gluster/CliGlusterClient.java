package io.glusterctl.probe.gluster;

import io.glusterctl.probe.exec.CommandResult;
import io.glusterctl.probe.exec.CommandRunner;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.BrickProcesses;
import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.parse.GlusterCommandResult;
import io.glusterctl.probe.parse.GlusterCommandResult.Operation;
import io.glusterctl.probe.parse.GlusterOutputException;
import io.glusterctl.probe.parse.GlusterdUnreachable;
import io.glusterctl.probe.parse.HealSummaryParser;
import io.glusterctl.probe.parse.ParseException;
import io.glusterctl.probe.parse.PeerStatusParser;
import io.glusterctl.probe.parse.PoolList;
import io.glusterctl.probe.parse.PoolListParser;
import io.glusterctl.probe.parse.VolumeInfoParser;
import io.glusterctl.probe.parse.VolumeStatusParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The gluster CLI behind {@link GlusterClient}: always {@code --mode=script} (no prompts), {@code
 * --timeout} and {@code --xml}; an argv list, never a shell; every call killed at its deadline.
 *
 * <p>What the CLI does on glusterd 10.3 (test-fixtures/README.md): with {@code --xml} a failed
 * operation still exits 0 and only {@code <opRet>} tells; a connection failure or a timeout is
 * plain text with exit 1 ({@code Connection failed. Please check if gluster daemon is
 * operational.}, {@code Error : Request timed out}); while a probe handshake is under way the whole
 * listing fails for a few seconds (alive, but the pool is Unknown).
 */
public final class CliGlusterClient implements GlusterClient, HealQuery {
  private final String gluster;
  private final CommandRunner runner;
  private final Duration callTimeout;
  private final Deadline runDeadline;
  private final Path glusterdDir;

  /**
   * @param gluster the gluster executable
   * @param runner runs it
   * @param callTimeout gluster's {@code --timeout} (shorter when the run's deadline is nearer:
   *     {@link Deadline#callTimeout}); the process is killed {@link Deadline#SAFETY_MARGIN} later
   * @param runDeadline no call outlives the run
   * @param glusterdDir where {@code glusterd.info} gives this node's UUID
   */
  public CliGlusterClient(
      String gluster,
      CommandRunner runner,
      Duration callTimeout,
      Deadline runDeadline,
      Path glusterdDir) {
    this.gluster = gluster;
    this.runner = runner;
    this.callTimeout = callTimeout;
    this.runDeadline = runDeadline;
    this.glusterdDir = glusterdDir;
  }

  @Override
  public GlusterClient within(Duration d) {
    return new CliGlusterClient(gluster, runner, callTimeout, runDeadline.within(d), glusterdDir);
  }

  @Override
  public Liveness localPool() {
    CommandResult r = run(Optional.empty(), "peer", "status");
    Optional<String> dead = deadReason(r);
    if (dead.isPresent()) {
      return new Liveness(false, Observed.unknown(dead.get()), dead.get());
    }
    Observed<PoolView> pool = parsePool(r, "peer status");
    if (pool instanceof Observed.Known<PoolView> k) {
      Optional<String> uuid = GlusterdInfo.readUuid(glusterdDir);
      if (uuid.isEmpty()) {
        uuid = localUuidFromPoolList();
      }
      pool = Observed.known(k.value().withSelfUuid(uuid.orElse(null)));
    }
    return new Liveness(true, pool, "");
  }

  @Override
  public Observed<PoolView> remotePool(String host) {
    if (!HostNames.isValid(host)) {
      return Observed.unknown("not a valid host name: " + host);
    }
    CommandResult r = run(Optional.of(host), "peer", "status");
    Optional<String> dead = deadReason(r);
    if (dead.isPresent()) {
      return Observed.unknown(host + ": " + dead.get());
    }
    return parsePool(r, host + " peer status");
  }

  /**
   * How many other members' views are asked at once. Each is a gluster CLI child process on this
   * pod's CPU (about 60-90 ms of it, the README's cost tables) that then mostly waits for the other
   * glusterd's reply: four at once cut the wait for a majority of a 256-member pool to about a
   * quarter (one by one, 98 views fitted in the time to observe and 129 were needed) while no more
   * than four such processes compete with glusterd and the bricks for a pod with one or two cores.
   */
  public static final int VIEWS_AT_ONCE = 4;

  /**
   * Asks up to {@link #VIEWS_AT_ONCE} members at once, on threads of this call only: every call is
   * bounded by this client's deadline (the runner kills the CLI there), the results are waited for
   * in the order of {@code hosts}, and the pool is shut down before this returns. A call that has
   * not started by {@code startBy} is not started at all.
   */
  @Override
  public Map<String, Observed<PoolView>> remotePools(List<String> hosts, Deadline startBy) {
    if (hosts.size() < 2) {
      return GlusterClient.super.remotePools(hosts, startBy);
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(VIEWS_AT_ONCE, hosts.size()),
            r -> {
              Thread t = new Thread(r, "remote-view");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Optional<Observed<PoolView>>>> calls = new ArrayList<>();
      for (String h : hosts) {
        calls.add(
            pool.submit(() -> startBy.expired() ? Optional.empty() : Optional.of(remotePool(h))));
      }
      Map<String, Observed<PoolView>> views = new LinkedHashMap<>();
      for (int i = 0; i < hosts.size(); i++) {
        String host = hosts.get(i);
        try {
          // no timeout here: each call ends by the client's deadline, where its process is killed
          calls.get(i).get().ifPresent(v -> views.put(host, v));
        } catch (ExecutionException e) {
          views.put(host, Observed.unknown(host + " peer status: " + e.getCause()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return views;
    } finally {
      pool.shutdownNow();
      awaitEnd(pool);
    }
  }

  /** Waits for the pool's threads to end (an interrupted run's processes are killed meanwhile). */
  private void awaitEnd(ExecutorService pool) {
    try {
      pool.awaitTermination(
          runDeadline.remaining().plus(Deadline.SAFETY_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Observed<PoolList> remotePoolList(String host) {
    if (!HostNames.isValid(host)) {
      return Observed.unknown("not a valid host name: " + host);
    }
    CommandResult r = run(Optional.of(host), "pool", "list");
    if (!r.succeeded()) {
      return Observed.unknown(host + " pool list: " + r.summary());
    }
    if (r.outputTruncated()) {
      return Observed.unknown(host + " pool list: " + INCOMPLETE);
    }
    try {
      return Observed.known(PoolListParser.parse(r.stdout()));
    } catch (GlusterOutputException e) {
      return Observed.unknown(host + " pool list: " + e.getMessage());
    }
  }

  @Override
  public Observed<BrickProcesses> brickProcesses() {
    CommandResult r = run(Optional.empty(), "volume", "status", "all");
    if (!r.succeeded()) {
      return Observed.unknown("volume status: " + r.summary());
    }
    try {
      return Observed.known(VolumeStatusParser.parse(r.stdout()));
    } catch (GlusterOutputException e) {
      return Observed.unknown("volume status: " + e.getMessage());
    }
  }

  @Override
  public Observed<VolumeBricks> bricks() {
    CommandResult r = run(Optional.empty(), "volume", "info");
    if (!r.succeeded()) {
      return Observed.unknown("volume info: " + r.summary());
    }
    if (r.outputTruncated()) {
      return Observed.unknown("volume info: " + INCOMPLETE);
    }
    try {
      return Observed.known(VolumeInfoParser.parse(r.stdout()));
    } catch (GlusterOutputException e) {
      return Observed.unknown("volume info: " + e.getMessage());
    }
  }

  /**
   * {@code volume heal <volume> info summary}: the CLI runs glfsheal, which connects to every brick
   * of the volume and is not bounded by {@code --timeout}; the runner kills it (and the CLI) at the
   * call's deadline. A volume that is not started answers with {@code opRet} -1 and a non-zero exit
   * (251 on glusterd 10.3): Unknown, with glusterd's message.
   */
  @Override
  public Observed<HealSummary> healSummary(String volume) {
    if (!GlusterdStore.VOLUME_NAME.matcher(volume).matches()) {
      return Observed.unknown("not a volume name: " + volume);
    }
    String what = "volume heal " + volume + " info summary";
    CommandResult r = run(Optional.empty(), "volume", "heal", volume, "info", "summary");
    if (!r.started() || r.timedOut()) {
      return Observed.unknown(what + ": " + r.summary());
    }
    if (r.outputTruncated()) {
      return Observed.unknown(what + ": " + INCOMPLETE);
    }
    try {
      return Observed.known(HealSummaryParser.parse(volume, r.stdout()));
    } catch (GlusterOutputException e) {
      return Observed.unknown(
          what
              + ": "
              + (r.exitCode() != 0 && e instanceof ParseException ? r.summary() : e.getMessage()));
    }
  }

  @Override
  public Outcome probe(String host) {
    return change(Operation.PROBE, host);
  }

  @Override
  public Outcome detach(String host) {
    return change(Operation.DETACH, host);
  }

  @Override
  public Outcome forceDetach(String host) {
    return change(Operation.FORCE_DETACH, host);
  }

  private Outcome change(Operation op, String host) {
    if (!HostNames.isValid(host)) {
      return new Outcome(false, "not a valid host name: " + host);
    }
    List<String> args = op.arguments(host);
    CommandResult r = run(Optional.empty(), args.toArray(String[]::new));
    String what = String.join(" ", args) + ": ";
    if (!r.succeeded()) {
      return new Outcome(false, what + r.summary());
    }
    if (r.outputTruncated()) {
      return new Outcome(false, what + INCOMPLETE + " (whether it was done is not known)");
    }
    try {
      GlusterCommandResult res = GlusterCommandResult.fromXml(op, r.stdout());
      return new Outcome(!(res instanceof GlusterCommandResult.Refused), what + res.message());
    } catch (GlusterOutputException e) {
      return new Outcome(false, what + e.getMessage());
    }
  }

  private Optional<String> localUuidFromPoolList() {
    CommandResult r = run(Optional.empty(), "pool", "list");
    if (!r.succeeded() || r.outputTruncated()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(PoolListParser.parse(r.stdout()).localUuid());
    } catch (GlusterOutputException e) {
      return Optional.empty();
    }
  }

  /**
   * What is said of output the runner cut at its cap or could not read to its end. It is never
   * parsed: a text listing cut after a whole line reads as a shorter valid one (glusterd prints no
   * end marker after the last peer's other names).
   */
  static final String INCOMPLETE =
      "gluster's output is incomplete (cut at the size kept, or not read to its end): not used";

  private static Observed<PoolView> parsePool(CommandResult r, String what) {
    if (!r.succeeded()) {
      return Observed.unknown(what + ": " + r.summary());
    }
    if (r.outputTruncated()) {
      return Observed.unknown(what + ": " + INCOMPLETE);
    }
    try {
      return Observed.known(PeerStatusParser.parse(r.stdout()));
    } catch (GlusterOutputException e) {
      return Observed.unknown(what + ": " + e.getMessage());
    }
  }

  /** Why glusterd is not answering at all, or empty when it answered (whatever it said). */
  private Optional<String> deadReason(CommandResult r) {
    if (!r.started()) {
      return Optional.of(r.summary());
    }
    if (r.timedOut()) {
      return Optional.of("gluster " + r.summary() + " (glusterd hung?)");
    }
    return GlusterdUnreachable.saidBy(r.exitCode(), r.stdout(), r.stderr())
        ? Optional.of(r.summary())
        : Optional.empty();
  }

  private CommandResult run(Optional<String> remoteHost, String... args) {
    // the CLI's --timeout, shortened when the run's deadline is nearer (whole seconds, at least 1)
    long secs = Math.max(1, runDeadline.callTimeout(callTimeout).toSeconds());
    List<String> argv = new ArrayList<>();
    argv.add(gluster);
    argv.add("--mode=script");
    argv.add("--timeout=" + secs);
    remoteHost.ifPresent(h -> argv.add("--remote-host=" + h));
    argv.add("--xml");
    argv.addAll(List.of(args));
    Duration budget = runDeadline.min(Duration.ofSeconds(secs).plus(Deadline.SAFETY_MARGIN));
    return runner.run(argv, budget);
  }
}
