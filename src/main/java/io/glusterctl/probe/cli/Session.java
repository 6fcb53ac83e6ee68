package io.glusterctl.probe.cli;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ProcessCommandRunner;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.gluster.CliGlusterClient;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.gluster.GlusterdInfo;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.observe.ApiThenDns;
import io.glusterctl.probe.observe.DesiredMembersSource;
import io.glusterctl.probe.observe.DnsMembersSource;
import io.glusterctl.probe.observe.DnsServer;
import io.glusterctl.probe.observe.KubeApiConfig;
import io.glusterctl.probe.observe.KubeApiMembersSource;
import io.glusterctl.probe.observe.ResolvConf;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.RepairBook;
import io.glusterctl.probe.reconcile.TcpTargetProber;
import io.glusterctl.probe.repair.GlusterdStateDir;
import io.glusterctl.probe.repair.RejectedPeerRepair;
import io.glusterctl.probe.repair.RepairCase;
import io.glusterctl.probe.repair.RepairExecutor;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.repair.RepairPlan;
import io.glusterctl.probe.state.Loaded;
import io.glusterctl.probe.state.LockAttempt;
import io.glusterctl.probe.state.StateStore;
import io.glusterctl.probe.state.WriteResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One run's wiring: who this pod is, its deadline, and the real adapters (gluster CLI, DNS, API,
 * state directory) built from the options. Commands stay thin: they ask the session for what they
 * need and print.
 */
final class Session implements AutoCloseable {
  private static final Path SA_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  private final CommonOptions opts;
  private final PrintWriter err;
  private final Self self;
  private final Deadline deadline;
  private final ResolvConf resolv;
  private final GlusterClient gluster;
  private static final Duration REPAIR_BACKOFF = Duration.ofMinutes(2);
  private static final int KEEP_BACKUPS = 5;
  private final StateStore state;
  private DesiredMembersSource members;
  private Reconciler reconciler;
  private String lockProblem = "";

  private Session(CommonOptions opts, PrintWriter err) {
    this.opts = opts;
    this.err = err;
    Instant now = Instant.now();
    Duration budget = runBudget(opts.deadline, ProcessHandle.current().info().startInstant(), now);
    this.deadline = Deadline.in(budget);
    this.resolv = readResolv(opts.resolvConf);
    this.self = resolveSelf(opts, resolv);
    this.gluster =
        new CliGlusterClient(
            opts.gluster,
            new ProcessCommandRunner(),
            opts.glusterTimeout,
            deadline,
            opts.glusterdDir);
    this.state = new StateStore(opts.stateDir, Time.SYSTEM);
  }

  /**
   * What is left of {@code --deadline} for the run: the deadline counts from the process start, as
   * the kubelet's timeout does (a JVM start on a loaded node took seconds). The start counts only
   * when it is plausibly this run's own, at most half the deadline ago; otherwise (a long-running
   * JVM, a clock step) the whole deadline is left.
   */
  static Duration runBudget(Duration deadline, Optional<Instant> processStart, Instant now) {
    if (processStart.isEmpty()) {
      return deadline;
    }
    Duration started = Duration.between(processStart.get(), now);
    if (started.isNegative() || started.compareTo(deadline.dividedBy(2)) > 0) {
      return deadline;
    }
    return deadline.minus(started);
  }

  static Session open(CommonOptions opts, PrintWriter err) {
    return new Session(opts, err);
  }

  Self self() {
    return self;
  }

  GlusterClient gluster() {
    return gluster;
  }

  Deadline deadline() {
    return deadline;
  }

  void sleep(Duration d) {
    try {
      Thread.sleep(Math.min(d.toMillis(), Math.max(0, deadline.remaining().toMillis())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The desired members, from the source the options choose; its notes go to stderr. */
  DesiredMembersSource members() {
    if (members == null) {
      members = chooseMembers().notesTo(err::println);
    }
    return members;
  }

  /** {@code spec.replicas} from the API (for prestop): Unknown when there is no API access. */
  Observed<Integer> apiReplicas() {
    if (opts.membersFrom == CommonOptions.MembersFrom.dns) {
      return Observed.unknown("--members-from dns: the API is not asked");
    }
    return api().replicas(deadline);
  }

  Reconciler reconciler() {
    if (reconciler == null) {
      PlannerSettings ps = new PlannerSettings(opts.surplusGrace, opts.stuckGrace, false);
      reconciler =
          new Reconciler(
              new Reconciler.Ports(
                  gluster, members(), new TcpTargetProber(24007, Duration.ofSeconds(2))),
              new Planner(ps),
              deadline,
              opts.glusterTimeout);
    }
    return reconciler;
  }

  /** The memory as on disk, without the lock (read-only commands). */
  Memory memory() {
    Loaded<Memory> m = state.peekMemory();
    if (!m.warning().isEmpty()) {
      err.println("WARN state: " + m.warning());
    }
    return m.value();
  }

  /** The repair record as on disk, without the lock. */
  RepairLedger ledger() {
    return RepairLedger.fromEntries(state.peekEntries().value());
  }

  /** A repair an earlier run asked for and prestart has not carried out yet. */
  Optional<String> pendingRepair() {
    return ledger().pending().map(RepairLedger.Pending::summary);
  }

  /** The run lock, waited for up to {@code --lock-wait}; empty (and a problem said) when busy. */
  Optional<Held> lock(String holder) {
    Duration wait =
        opts.lockWait.compareTo(deadline.remaining()) < 0 ? opts.lockWait : deadline.remaining();
    LockAttempt a = state.lock(wait, holder);
    if (a instanceof LockAttempt.Acquired acq) {
      return Optional.of(new Held(acq.session()));
    }
    lockProblem = a instanceof LockAttempt.Busy b ? b.why() : ((LockAttempt.Failed) a).why();
    return Optional.empty();
  }

  String lockProblem() {
    return lockProblem;
  }

  /** A held run lock: reads and writes of the state go through it. */
  final class Held implements AutoCloseable {
    private final StateStore.Session locked;

    Held(StateStore.Session locked) {
      this.locked = locked;
    }

    Memory memory() {
      Loaded<Memory> m = locked.memory();
      if (!m.warning().isEmpty()) {
        err.println("WARN state: " + m.warning());
      }
      return m.value();
    }

    void saveMemory(Memory m) {
      WriteResult w = locked.saveMemory(m);
      if (w instanceof WriteResult.Failed f) {
        err.println("WARN state not saved: " + f.why());
      }
    }

    RepairLedger ledger() {
      return RepairLedger.fromEntries(locked.entries().value());
    }

    boolean saveLedger(RepairLedger l) {
      WriteResult w = locked.replace(RepairLedger.PREFIX, l.toEntries());
      if (w instanceof WriteResult.Failed f) {
        err.println("WARN repair record not saved: " + f.why());
        repairNotRecorded = f.why();
        return false;
      }
      return true;
    }

    /**
     * Records a repair request under the policy (backoff, give up after {@link
     * RepairLedger#MAX_ATTEMPTS}); true when a repair is now pending.
     */
    RepairBook repairBook() {
      return r -> {
        var decided = ledger().request(r, Instant.now(), REPAIR_BACKOFF);
        lastDecision = decided.getValue();
        if (decided.getValue() == RepairLedger.Decision.REQUESTED
            || decided.getValue() == RepairLedger.Decision.GIVEN_UP) {
          if (!saveLedger(decided.getKey())) {
            return false;
          }
        }
        return decided.getValue() == RepairLedger.Decision.REQUESTED
            || decided.getValue() == RepairLedger.Decision.ALREADY_PENDING;
      };
    }

    @Override
    public void close() {
      locked.close();
    }
  }

  private RepairLedger.Decision lastDecision;
  private String repairNotRecorded;

  /** Why the last change to the repair record could not be written, if it could not. */
  Optional<String> repairNotRecorded() {
    return Optional.ofNullable(repairNotRecorded);
  }

  /** What the last repair request decided (for the output), if one was made. */
  Optional<RepairLedger.Decision> lastRepairDecision() {
    return Optional.ofNullable(lastDecision);
  }

  /**
   * Carries out the pending repair (prestart, or {@code repair} by hand while glusterd is stopped).
   * Returns the exit code.
   */
  int carryOutRepair(PrintWriter out, boolean dryRun) {
    Optional<Held> lock = lock("repair");
    if (lock.isEmpty()) {
      out.println("BUSY " + lockProblem);
      return ExitCodes.BUSY;
    }
    try (Held held = lock.get()) {
      RepairLedger ledger = held.ledger();
      if (ledger.pending().isEmpty()) {
        out.println(
            "OK no repair pending"
                + (ledger.givenUp()
                    ? " (repairs were given up: " + ledger.lastSummary() + ")"
                    : ""));
        return ExitCodes.OK;
      }
      RepairLedger.Pending p = ledger.pending().get();
      out.println((dryRun ? "DRY RUN " : "") + "REPAIR " + p.summary());
      if (!dryRun && gluster.localPool().alive()) {
        out.println(
            "REFUSED glusterd is running: the repair runs while it is stopped (prestart);"
                + " restart the container");
        return ExitCodes.REPAIR_FAILED;
      }
      RepairPlan plan =
          RejectedPeerRepair.plan(
              new RepairCase(
                  p.kind(),
                  self.fqdn(),
                  GlusterdInfo.readUuid(opts.glusterdDir),
                  RepairCase.Reference.of(
                      p.reference(),
                      gluster.remotePool(p.reference()),
                      gluster.remotePoolList(p.reference()))));
      RepairExecutor repair =
          new RepairExecutor(
              new GlusterdStateDir(opts.glusterdDir, opts.stateDir.resolve("backups")),
              KEEP_BACKUPS);
      RepairExecutor.Result r = dryRun ? repair.dryRun(plan) : repair.carryOut(plan, Instant.now());
      r.steps().forEach(step -> out.println("  " + step));
      if (dryRun) {
        return ExitCodes.OK;
      }
      boolean performed = r.status() == RepairExecutor.Status.DONE;
      String summary =
          p.kind().label()
              + " "
              + r.status().name().toLowerCase(java.util.Locale.ROOT)
              + " at "
              + Instant.now()
              + r.backup().map(b -> ", backup " + b).orElse("");
      held.saveLedger(ledger.carriedOut(Instant.now(), summary, performed));
      out.println("REPAIR " + summary);
      return r.status() == RepairExecutor.Status.FAILED ? ExitCodes.REPAIR_FAILED : ExitCodes.OK;
    }
  }

  @Override
  public void close() {}

  private DesiredMembersSource chooseMembers() {
    return switch (opts.membersFrom) {
      case api -> api().labelled("api");
      case dns -> dns().labelled("dns");
      case auto -> new ApiThenDns(api(), dns());
    };
  }

  private KubeApiMembersSource api;

  private KubeApiMembersSource api() {
    if (api == null) {
      Optional<URI> override =
          opts.apiUrl == null || opts.apiUrl.isBlank()
              ? Optional.empty()
              : Optional.of(URI.create(opts.apiUrl.trim()));
      KubeApiConfig config =
          KubeApiConfig.inCluster(System.getenv(), override, opts.tokenFile, opts.caFile);
      String sts =
          opts.statefulSet == null || opts.statefulSet.isBlank()
              ? self.statefulSet()
              : opts.statefulSet;
      api = new KubeApiMembersSource(self, sts, config, deadline.min(Duration.ofSeconds(5)));
    }
    return api;
  }

  /** The Service's DNS, at the server the options or resolv.conf name. */
  private DesiredMembersSource dns() {
    String server = opts.dnsServer;
    if (server == null || server.isBlank()) {
      Optional<String> ns = resolv.firstNameserver();
      if (ns.isEmpty()) {
        return DesiredMembersSource.unavailable(
            "no DNS server: none in " + opts.resolvConf + " and no --dns-server");
      }
      server = ns.get();
    }
    try {
      return new DnsMembersSource(
          self, opts.portName, DnsServer.parse(server), deadline.min(Duration.ofSeconds(3)));
    } catch (IllegalArgumentException e) {
      return DesiredMembersSource.unavailable("bad DNS server '" + server + "': " + e.getMessage());
    }
  }

  private static ResolvConf readResolv(Path p) {
    try {
      return ResolvConf.parse(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return ResolvConf.EMPTY;
    }
  }

  static Self resolveSelf(CommonOptions o, ResolvConf resolv) {
    String pod = o.podName;
    if (pod == null || pod.isBlank()) {
      pod = hostname();
    }
    String ns = o.namespace;
    if (ns == null || ns.isBlank()) {
      try {
        ns = Files.readString(SA_NAMESPACE, StandardCharsets.UTF_8).trim();
      } catch (IOException | RuntimeException e) {
        ns = "default";
      }
    }
    String domain = o.clusterDomain;
    if (domain == null || domain.isBlank()) {
      domain = resolv.clusterDomain(ns).orElse("cluster.local");
    }
    return new Self(pod, ns, o.service, domain);
  }

  private static String hostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
    } catch (IOException | RuntimeException e) {
      String h = System.getenv("HOSTNAME");
      return h == null ? "unknown" : h;
    }
  }
}
