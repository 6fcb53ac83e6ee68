package io.glusterctl.probe.cli;

import io.glusterctl.probe.events.KubeApiEventSink;
import io.glusterctl.probe.events.ObjectRef;
import io.glusterctl.probe.events.RunEvents;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ProcessCommandRunner;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.gluster.BrickDirectories;
import io.glusterctl.probe.gluster.CliGlusterClient;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.gluster.GlusterdStopped;
import io.glusterctl.probe.gluster.GlusterdStore;
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
import io.glusterctl.probe.reconcile.HealReadiness;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.TargetProber;
import io.glusterctl.probe.reconcile.TcpTargetProber;
import io.glusterctl.probe.repair.FileSync;
import io.glusterctl.probe.repair.GlusterdStateDir;
import io.glusterctl.probe.repair.RepairExecutor;
import io.glusterctl.probe.run.EventPosting;
import io.glusterctl.probe.run.HealGateCheck;
import io.glusterctl.probe.run.LivenessProbe;
import io.glusterctl.probe.run.LocalGlusterd;
import io.glusterctl.probe.run.PendingRepair;
import io.glusterctl.probe.run.PodState;
import io.glusterctl.probe.run.PrestopHook;
import io.glusterctl.probe.run.ReadinessProbe;
import io.glusterctl.probe.run.ReconcileRun;
import io.glusterctl.probe.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One run's wiring: who this pod is, its deadline, and the real adapters (gluster CLI, DNS, API,
 * state directory) built from the options, handed to the run that a command asks for ({@code
 * io.glusterctl.probe.run}). No policy here: commands ask the session for their run and print its
 * answer.
 */
final class Session implements AutoCloseable {
  private static final Path SA_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  private final CommonOptions opts;
  private final PrintWriter err;
  private final Self self;
  private final Deadline deadline;
  private final ResolvConf resolv;
  private final CliGlusterClient gluster;
  private final PodState state;
  private DesiredMembersSource members;
  private KubeApiMembersSource api;
  private KubeApiConfig apiConfig;

  /** How many repair backups are kept. */
  private static final int KEEP_BACKUPS = 5;

  /** How long a check of a member's glusterd port (name lookup and TCP connect) may take. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private Session(CommonOptions opts, CommandSpec spec) {
    this.opts = opts;
    this.err = spec.commandLine().getErr();
    this.resolv = readResolv(opts.resolvConf);
    this.self = resolveSelf(opts, resolv);
    Optional<String> notAPod = PodIdentity.problem(self, opts.statefulSet);
    if (notAPod.isPresent()) {
      // before anything is run or written: who this pod is decides what may be done to the pool
      throw new CommandLine.ParameterException(spec.commandLine(), notAPod.get());
    }
    Duration budget =
        runBudget(opts.deadline, ProcessHandle.current().info().startInstant(), Instant.now());
    this.deadline = Deadline.in(budget);
    this.gluster =
        new CliGlusterClient(
            opts.gluster,
            new ProcessCommandRunner(),
            opts.glusterTimeout,
            deadline,
            opts.glusterdDir);
    this.state =
        new PodState(
            new StateStore(opts.stateDir, Time.SYSTEM), opts.lockWait, deadline, err::println);
  }

  /**
   * What is left of {@code --deadline} for the run: the deadline counts from the process start, as
   * the kubelet's timeout does (a JVM start on a loaded node can take seconds). The start counts
   * only when it is plausibly this run's own, at most half the deadline ago; otherwise (a
   * long-running JVM, a clock step) the whole deadline is left.
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

  Self self() {
    return self;
  }

  GlusterClient gluster() {
    return gluster;
  }

  PodState state() {
    return state;
  }

  /**
   * Where this run's Events go: to the API when there is one to post to ({@code --members-from} api
   * or auto, and an API URL), else nowhere. On this pod (its UID from {@code --pod-uid}) and, for
   * pool changes, on its StatefulSet.
   */
  private EventPosting events() {
    RunEvents events =
        new RunEvents(
            ObjectRef.pod(self.namespace(), self.podName(), Optional.ofNullable(opts.podUid)),
            ObjectRef.statefulSet(self.namespace(), statefulSet(), Optional.empty()));
    if (opts.membersFrom == CommonOptions.MembersFrom.dns) {
      return EventPosting.none(events, deadline);
    }
    KubeApiConfig config;
    try {
      config = apiConfig();
    } catch (IllegalArgumentException e) {
      return EventPosting.none(events, deadline); // the desired members say what is wrong with it
    }
    if (config.apiUrl().isEmpty()) {
      return EventPosting.none(events, deadline);
    }
    return new EventPosting(
        events, new KubeApiEventSink(config, self.podName()), deadline, err::println);
  }

  LivenessProbe liveness() {
    return new LivenessProbe(state, gluster, reconcileRun(), pendingRepair());
  }

  ReadinessProbe readiness() {
    return new ReadinessProbe(self, state, gluster, members(), deadline, healGate());
  }

  /** The readiness gate on healing: the started volumes with a brick here, and their heals. */
  private HealGateCheck healGate() {
    return new HealGateCheck(
        new HealReadiness(gluster, BrickDirectories.onThisNode()),
        new GlusterdStore(opts.glusterdDir),
        glusterd(),
        state,
        opts.healUnknownGrace);
  }

  PrestopHook prestop() {
    return new PrestopHook(self, gluster, this::apiReplicas, glusterd()::uuid, deadline);
  }

  PendingRepair pendingRepair() {
    return new PendingRepair(
        self,
        gluster,
        state,
        glusterd(),
        new RepairExecutor(
            new GlusterdStateDir(
                opts.glusterdDir, opts.stateDir.resolve("backups"), deadline, FileSync.SYSTEM),
            KEEP_BACKUPS),
        events());
  }

  ReconcileRun reconcileRun() {
    return new ReconcileRun(
        self, gluster, reconciler().readingDesiredOnlyWhenNeeded(), state, events());
  }

  /** Observe and plan (the read-only commands, and the reconcile run). */
  Reconciler reconciler() {
    return reconciler(new TcpTargetProber(24007, CONNECT_TIMEOUT, deadline));
  }

  /**
   * Observe and plan, asking {@code targets} whether a member's glusterd port answers: a test's
   * stand-in for the TCP connect, which needs the member's name to resolve on this host.
   */
  Reconciler reconciler(TargetProber targets) {
    return new Reconciler(
        new Reconciler.Ports(gluster, members(), targets),
        new Planner(new PlannerSettings(opts.surplusGrace, opts.stuckGrace, false)),
        deadline,
        opts.glusterTimeout);
  }

  @Override
  public void close() {}

  /** This node's glusterd directory, on this host. */
  private LocalGlusterd glusterd() {
    return new LocalGlusterd(opts.glusterdDir, GlusterdStopped.onThisHost());
  }

  /** {@code spec.replicas} from the API (for prestop): Unknown when there is no API access. */
  private Observed<Integer> apiReplicas() {
    if (opts.membersFrom == CommonOptions.MembersFrom.dns) {
      return Observed.unknown("--members-from dns: the API is not asked");
    }
    return api().replicas(deadline);
  }

  /** The desired members, from the source the options choose; its notes go to stderr. */
  private DesiredMembersSource members() {
    if (members == null) {
      members = chooseMembers().notesTo(err::println);
    }
    return members;
  }

  private DesiredMembersSource chooseMembers() {
    return switch (opts.membersFrom) {
      case api -> api().labelled("api");
      case dns -> dns().labelled("dns");
      case auto -> new ApiThenDns(api(), dns());
    };
  }

  private KubeApiMembersSource api() {
    if (api == null) {
      api =
          new KubeApiMembersSource(
              self, statefulSet(), apiConfig(), deadline.min(Duration.ofSeconds(5)));
    }
    return api;
  }

  /** The StatefulSet's name: {@code --statefulset}, else the one this pod's name implies. */
  private String statefulSet() {
    return opts.statefulSet == null || opts.statefulSet.isBlank()
        ? self.statefulSet()
        : opts.statefulSet;
  }

  /**
   * Where the API is, its token and CA: the environment, or the options. Read once per run (the
   * members and the Events both need it).
   *
   * @throws IllegalArgumentException when they are not usable (not kept: each caller says so)
   */
  private KubeApiConfig apiConfig() {
    if (apiConfig == null) {
      Optional<URI> override =
          opts.apiUrl == null || opts.apiUrl.isBlank()
              ? Optional.empty()
              : Optional.of(URI.create(opts.apiUrl.trim()));
      apiConfig = KubeApiConfig.inCluster(System.getenv(), override, opts.tokenFile, opts.caFile);
    }
    return apiConfig;
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
