package io.glusterctl.probe.cli;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ProcessCommandRunner;
import io.glusterctl.probe.gluster.CliGlusterClient;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.observe.DnsMembersSource;
import io.glusterctl.probe.observe.DnsServer;
import io.glusterctl.probe.observe.KubeApiMembersSource;
import io.glusterctl.probe.observe.ResolvConf;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import io.glusterctl.probe.reconcile.MembersSource;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.reconcile.RepairBook;
import io.glusterctl.probe.reconcile.TcpTargetProber;
import io.glusterctl.probe.state.StateStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
  private final Instant deadlineInstant;
  private final ResolvConf resolv;
  private final GlusterClient gluster;
  private final StateStore state;
  private MembersSource members;
  private Reconciler reconciler;
  private String lockProblem = "";

  private Session(CommonOptions opts, PrintWriter err) {
    this.opts = opts;
    this.err = err;
    this.deadline = Deadline.in(opts.deadline);
    this.deadlineInstant = Instant.now().plus(opts.deadline);
    this.resolv = readResolv(opts.resolvConf);
    this.self = resolveSelf(opts, resolv);
    this.gluster =
        new CliGlusterClient(
            opts.gluster, new ProcessCommandRunner(), opts.glusterTimeout, deadline, opts.glusterdDir);
    this.state = new StateStore(opts.stateDir);
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
    return api().replicas();
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

  Memory memory() {
    StateStore.Loaded<Memory> m = state.loadMemory();
    m.warning().ifPresent(w -> err.println("WARN state: " + w));
    return m.value();
  }

  void saveMemory(Memory m) {
    state.saveMemory(m).ifPresent(problem -> err.println("WARN state not saved: " + problem));
  }

  /** A repair an earlier run asked for and prestart has not carried out yet. */
  Optional<String> pendingRepair() {
    return state.pendingRepair().map(r -> r.summary());
  }

  RepairBook repairBook() {
    return r -> state.requestRepair(r).isEmpty();
  }

  /** The run lock, waited for up to {@code --lock-wait}; empty (and a problem said) when busy. */
  Optional<Held> lock() {
    StateStore.LockResult r = state.lock(opts.lockWait.compareTo(deadline.remaining()) < 0 ? opts.lockWait : deadline.remaining());
    if (r.lock().isPresent()) {
      return Optional.of(new Held(r.lock().get()));
    }
    lockProblem = r.problem();
    return Optional.empty();
  }

  String lockProblem() {
    return lockProblem;
  }

  /** A held run lock. */
  static final class Held implements AutoCloseable {
    private final AutoCloseable lock;

    Held(AutoCloseable lock) {
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        lock.close();
      } catch (Exception e) {
        // released when the process exits anyway
      }
    }
  }

  @Override
  public void close() {}

  private MembersSource chooseMembers() {
    switch (opts.membersFrom) {
      case api:
        return () -> api().desired();
      case dns:
        return this::dnsDesired;
      case auto:
      default:
        return () -> {
          KubeApiMembersSource a = api();
          if (a.tokenPresent()) {
            Observed<DesiredMembers> d = a.desired();
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
      api =
          new KubeApiMembersSource(
              self,
              opts.apiUrl,
              opts.tokenFile,
              opts.caFile,
              deadline.min(Duration.ofSeconds(5)));
    }
    return api;
  }

  private Observed<DesiredMembers> dnsDesired() {
    String server = opts.dnsServer;
    if (server == null || server.isBlank()) {
      Optional<String> ns = resolv.firstNameserver();
      if (ns.isEmpty()) {
        return Observed.unknown("no DNS server: none in " + opts.resolvConf + " and no --dns-server");
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
