package io.glusterctl.probe.cli;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ProcessCommandRunner;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.gluster.CliGlusterClient;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.gluster.GlusterdInfo;
import io.glusterctl.probe.gluster.GlusterdStopped;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.observe.DnsMembersSource;
import io.glusterctl.probe.observe.DnsServer;
import io.glusterctl.probe.observe.KubeApiConfig;
import io.glusterctl.probe.observe.KubeApiMembersSource;
import io.glusterctl.probe.observe.ResolvConf;
import io.glusterctl.probe.parse.PoolList;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import io.glusterctl.probe.reconcile.MembersSource;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.RepairBook;
import io.glusterctl.probe.reconcile.TcpTargetProber;
import io.glusterctl.probe.repair.GlusterdStateDir;
import io.glusterctl.probe.repair.PoolMember;
import io.glusterctl.probe.repair.RejectedPeerRepair;
import io.glusterctl.probe.repair.RepairLedger;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

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
  private final Instant deadlineInstant;
  private final ResolvConf resolv;
  private final GlusterClient gluster;
  private static final Duration REPAIR_BACKOFF = Duration.ofMinutes(2);
  private static final int KEEP_BACKUPS = 5;
  private final StateStore state;
  private MembersSource members;
  private Reconciler reconciler;
  private String lockProblem = "";

  private Session(CommonOptions opts, CommandSpec spec) {
    this.opts = opts;
    this.err = spec.commandLine().getErr();
    this.resolv = readResolv(opts.resolvConf);
    this.self = resolveSelf(opts, resolv);
    Optional<String> notAPod = identityProblem(self, opts.statefulSet);
    if (notAPod.isPresent()) {
      // before anything is run or written: who this pod is decides what may be done to the pool
      throw new CommandLine.ParameterException(spec.commandLine(), notAPod.get());
    }
    Instant now = Instant.now();
    Duration budget = runBudget(opts.deadline, ProcessHandle.current().info().startInstant(), now);
    this.deadline = Deadline.in(budget);
    this.deadlineInstant = now.plus(budget);
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

  /**
   * The session of a command's run.
   *
   * @throws CommandLine.ParameterException (a usage error, exit 2) when the options do not name a
   *     pod of a StatefulSet
   */
  static Session open(CommonOptions opts, CommandSpec spec) {
    return new Session(opts, spec);
  }

  /**
   * Why this is not the identity of a StatefulSet's pod, or empty when it is: the pod name is
   * {@code <statefulset>-<ordinal>} and an RFC 1123 label (as the StatefulSet controller names
   * pods), {@code --statefulset} (when given) is that StatefulSet, the namespace and the Service
   * are labels, the cluster domain a DNS name. Names become gluster arguments and DNS questions,
   * and a name without an ordinal has no place in the pool.
   */
  static Optional<String> identityProblem(Self self, String statefulSetOption) {
    String pod = self.podName();
    if (!HostNames.isLabel(pod)
        || self.ordinal().isEmpty()
        || !HostNames.isLabel(self.statefulSet())) {
      return Optional.of(
          "--pod-name: '"
              + printable(pod)
              + "' is not a StatefulSet pod name <statefulset>-<ordinal> (an RFC 1123 label:"
              + " a-z, 0-9 and '-', at most 63 characters)");
    }
    if (statefulSetOption != null
        && !statefulSetOption.isBlank()
        && !statefulSetOption.equals(self.statefulSet())) {
      return Optional.of(
          "--statefulset: '"
              + printable(statefulSetOption)
              + "' is not the StatefulSet of pod "
              + pod
              + " ("
              + self.statefulSet()
              + ")");
    }
    if (!HostNames.isLabel(self.namespace())) {
      return Optional.of(
          "--namespace: '"
              + printable(self.namespace())
              + "' is not a namespace name (an RFC 1123 label)");
    }
    if (!HostNames.isLabel(self.service())) {
      return Optional.of(
          "--service: '"
              + printable(self.service())
              + "' is not a Service name (an RFC 1123 label)");
    }
    if (!HostNames.isValid(self.clusterDomain())) {
      return Optional.of(
          "--cluster-domain: '" + printable(self.clusterDomain()) + "' is not a DNS domain");
    }
    return Optional.empty();
  }

  /** Printable ASCII as is; anything else as a backslash-u escape of four hex digits. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(100)
        .forEach(
            c ->
                b.append(
                    c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c)));
    return b.toString();
  }

  Self self() {
    return self;
  }

  GlusterClient gluster() {
    return gluster;
  }

  Instant deadlineInstant() {
    return deadlineInstant;
  }

  Duration remaining() {
    return deadline.remaining();
  }

  void sleep(Duration d) {
    try {
      Thread.sleep(Math.min(d.toMillis(), Math.max(0, deadline.remaining().toMillis())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The desired members, from the source the options choose. */
  MembersSource members() {
    if (members == null) {
      members = chooseMembers();
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
              gluster,
              members(),
              new TcpTargetProber(24007, Duration.ofSeconds(2)),
              new Planner(ps),
              Clock.systemUTC(),
              opts.glusterTimeout.plusSeconds(1));
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
      Held held = new Held(acq.session());
      held.keepDamagedStateAside();
      return Optional.of(held);
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

    /** The repair record to use instead of the file's, when the file was found damaged. */
    private RepairLedger damagedLedger;

    /** Why nothing may be written in this run: a damaged file that could not be kept aside. */
    private String writesRefused;

    Held(StateStore.Session locked) {
      this.locked = locked;
    }

    /**
     * A state file that cannot be read, or whose repair record does not read back, is kept aside as
     * it is, and the repair history counts as unknown from now: reading it as "start fresh" once
     * made the next run ask for a repair that had been given up, and overwrite the evidence. When
     * it cannot be kept aside, nothing is written in this run.
     */
    void keepDamagedStateAside() {
      Loaded<java.util.Map<String, String>> e = locked.entries();
      Optional<String> damage =
          switch (e.status()) {
            case CORRUPT, UNREADABLE -> Optional.of(e.warning());
            case FOUND -> RepairLedger.damage(e.value());
            case MISSING -> Optional.empty();
          };
      if (damage.isEmpty()) {
        return;
      }
      Instant now = Instant.now();
      damagedLedger = RepairLedger.historyUnknown(now);
      try {
        Path aside = locked.keepAside(now);
        err.println(
            "WARN state: "
                + damage.get()
                + "; kept as "
                + aside
                + "; the repair history is unknown from now");
        saveLedger(damagedLedger);
      } catch (IOException | RuntimeException ex) {
        writesRefused =
            "the damaged state file could not be kept aside ("
                + ex.getMessage()
                + "); nothing is written";
        err.println("WARN state: " + damage.get() + "; " + writesRefused);
      }
    }

    Memory memory() {
      Loaded<Memory> m = locked.memory();
      if (!m.warning().isEmpty()) {
        err.println("WARN state: " + m.warning());
      }
      return m.value();
    }

    void saveMemory(Memory m) {
      WriteResult w =
          writesRefused != null ? WriteResult.failed(writesRefused) : locked.saveMemory(m);
      if (w instanceof WriteResult.Failed f) {
        err.println("WARN state not saved: " + f.why());
      }
    }

    RepairLedger ledger() {
      if (writesRefused != null) {
        return damagedLedger;
      }
      return RepairLedger.fromEntries(locked.entries().value());
    }

    boolean saveLedger(RepairLedger l) {
      WriteResult w =
          writesRefused != null
              ? WriteResult.failed(writesRefused)
              : locked.replace(RepairLedger.PREFIX, l.toEntries());
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
      // a local call that failed or timed out is no proof: a hung glusterd still runs
      Optional<String> running =
          dryRun ? Optional.empty() : GlusterdStopped.onThisHost().whyNotProven(opts.glusterdDir);
      if (running.isPresent()) {
        out.println(
            "REFUSED glusterd is not proven stopped: "
                + running.get()
                + "; nothing touched (the repair runs while it is stopped: restart the container)");
        return ExitCodes.REPAIR_FAILED;
      }
      if (!dryRun) {
        // every attempt counts, whatever becomes of it: recorded before anything is touched, so
        // that an attempt that is killed half way counts too
        if (ledger.interrupted()) {
          out.println(
              "  an earlier attempt (begun "
                  + ledger.attemptStartedAt().get()
                  + ") did not finish: it counts as one");
        }
        if (!ledger.mayAttempt()) {
          String summary =
              p.kind().label()
                  + " GIVEN UP after "
                  + ledger.attempts()
                  + " attempts at "
                  + Instant.now()
                  + "; repair by hand (see README)";
          held.saveLedger(ledger.giveUp(summary));
          out.println("REPAIR " + summary);
          return ExitCodes.REPAIR_FAILED;
        }
        ledger = ledger.begin(Instant.now());
        if (!held.saveLedger(ledger)) {
          out.println(
              "  FAILED: cannot record the attempt (" + repairNotRecorded + "): nothing touched");
          out.println("REPAIR " + p.kind().label() + " not attempted at " + Instant.now());
          return ExitCodes.REPAIR_FAILED;
        }
      }
      Optional<String> myUuid = GlusterdInfo.readUuid(opts.glusterdDir);
      Observed<PoolView> refView = gluster.remotePool(p.reference());
      Observed<PoolList> refList = gluster.remotePoolList(p.reference());
      Observed<List<PoolMember>> members =
          refList.map(
              l ->
                  l.entries().stream()
                      .map(e -> new PoolMember(e.uuid(), e.local() ? p.reference() : e.hostname()))
                      .toList());
      Optional<String> refUuid = refList.known().map(PoolList::localUuid);
      RejectedPeerRepair repair =
          new RejectedPeerRepair(
              new GlusterdStateDir(opts.glusterdDir, opts.stateDir.resolve("backups")),
              KEEP_BACKUPS,
              ledger.seriesBackup().map(Path::of));
      RejectedPeerRepair.Result r =
          repair.run(
              p.kind(), self.fqdn(), myUuid, refView, members, refUuid, dryRun, Instant.now());
      r.steps().forEach(step -> out.println("  " + step));
      if (dryRun) {
        return ExitCodes.OK;
      }
      String summary =
          p.kind().label()
              + " "
              + r.status().name().toLowerCase(java.util.Locale.ROOT)
              + " at "
              + Instant.now()
              + " (attempt "
              + ledger.attempts()
              + " of "
              + RepairLedger.MAX_ATTEMPTS
              + ")"
              + r.backup().map(b -> ", backup " + b).orElse("");
      held.saveLedger(ledger.finished(summary, r.backup().map(Path::toString)));
      out.println("REPAIR " + summary);
      return r.status() == RejectedPeerRepair.Status.FAILED
          ? ExitCodes.REPAIR_FAILED
          : ExitCodes.OK;
    }
  }

  @Override
  public void close() {}

  private MembersSource chooseMembers() {
    switch (opts.membersFrom) {
      case api:
        return this::apiDesired;
      case dns:
        return this::dnsDesired;
      case auto:
      default:
        return () -> {
          KubeApiMembersSource a = api();
          if (a.tokenPresent()) {
            Observed<DesiredMembers> d = apiDesired();
            if (d.isKnown()) {
              return d;
            }
            err.println("WARN API: " + d.unknownWhy().orElse("") + "; using DNS");
          }
          return dnsDesired();
        };
    }
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

  private Observed<DesiredMembers> apiDesired() {
    var obs = api().desiredMembers(deadline);
    obs.notes().forEach(n -> err.println("NOTE api: " + n));
    return obs.observed();
  }

  private Observed<DesiredMembers> dnsDesired() {
    String server = opts.dnsServer;
    if (server == null || server.isBlank()) {
      Optional<String> ns = resolv.firstNameserver();
      if (ns.isEmpty()) {
        return Observed.unknown(
            "no DNS server: none in " + opts.resolvConf + " and no --dns-server");
      }
      server = ns.get();
    }
    DnsServer dns;
    try {
      dns = DnsServer.parse(server);
    } catch (IllegalArgumentException e) {
      return Observed.unknown("bad DNS server '" + server + "': " + e.getMessage());
    }
    DnsMembersSource src =
        new DnsMembersSource(self, opts.portName, dns, deadline.min(Duration.ofSeconds(3)));
    var obs = src.desiredMembers(deadline);
    obs.notes().forEach(n -> err.println("NOTE dns: " + n));
    return obs.observed();
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
