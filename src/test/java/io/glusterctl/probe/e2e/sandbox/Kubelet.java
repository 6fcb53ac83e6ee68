package io.glusterctl.probe.e2e.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kubelet's work for one pod, on the sandbox's scaled clock ({@link TimeScale}):
 *
 * <ul>
 *   <li><b>Container start and restart</b> ({@code restartPolicy: Always}): the container is
 *       started with the image's entrypoint; when it exits or is killed it is started again, the
 *       first time at once and then after a back-off of 10 s, 20 s, ... up to 300 s (cluster time),
 *       reset after 10 minutes of running.
 *   <li><b>livenessProbe</b>: run every {@code periodSeconds} from {@code initialDelaySeconds}
 *       after the container start, killed at {@code timeoutSeconds} (a failure); after {@code
 *       failureThreshold} consecutive failures the container is killed (preStop first) and
 *       restarted.
 *   <li><b>readinessProbe</b>: the pod is Ready after {@code successThreshold} consecutive
 *       successes and not Ready after {@code failureThreshold} consecutive failures, or while its
 *       container is not running.
 *   <li><b>startupProbe</b> (when set): liveness and readiness wait until it succeeded once; {@code
 *       failureThreshold} failures restart the container.
 *   <li><b>preStop</b> before every container kill (a liveness restart, a pod delete, a
 *       scale-down): the hook and then SIGTERM share {@code terminationGracePeriodSeconds}; SIGKILL
 *       after that (with the kubelet's 2 s extension when the hook used all of it).
 * </ul>
 *
 * <p>Periods and delays are scaled by {@link TimeScale#factor()}, timeouts and the grace period by
 * {@link TimeScale#timeoutFactor()}.
 *
 * <p>Each probe runs on a worker thread of its own, like the kubelet's probe workers; container
 * restarts run on the pod worker thread. Every run is recorded in the {@link EventLog}.
 */
final class Kubelet {
  private static final Duration TICK = Duration.ofMillis(50);

  private final Pod pod;
  private final KubeletSettings settings;
  private final TimeScale scale;
  private final EventLog log;
  private final List<String> entrypoint;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean halted;
  private volatile boolean ready;
  private volatile boolean startupPassed;
  private volatile String killRequest;
  private boolean held;
  private int restarts;
  private Duration backoff = Duration.ZERO;

  Kubelet(
      Pod pod, KubeletSettings settings, TimeScale scale, EventLog log, List<String> entrypoint) {
    this.pod = pod;
    this.settings = settings;
    this.scale = scale;
    this.log = log;
    this.entrypoint = List.copyOf(entrypoint);
    this.startupPassed = settings.startup().isEmpty();
  }

  Pod pod() {
    return pod;
  }

  /** The pod is Ready: its readiness probe passes and its container runs. */
  boolean ready() {
    return ready && !halted && pod.containerRunning();
  }

  /** How many times the kubelet restarted the container (the RESTARTS column). */
  synchronized int restarts() {
    return restarts;
  }

  /** Starts the container and the pod's workers. */
  void start() {
    pod.startContainer(entrypoint);
    log.event(pod.name() + ": container started (pid " + pod.containerPid().orElse(-1) + ")");
    spawn("pod", this::podWorker);
    settings.startup().ifPresent(p -> spawn("startup", () -> probeWorker(ProbeKind.STARTUP, p)));
    spawn("liveness", () -> probeWorker(ProbeKind.LIVENESS, settings.liveness()));
    spawn("readiness", () -> probeWorker(ProbeKind.READINESS, settings.readiness()));
  }

  /**
   * The pod is deleted (or scaled away): the workers stop, then preStop runs and the container is
   * stopped within the grace period.
   */
  void terminate(String why) {
    halt();
    if (pod.containerRunning()) {
      stopContainerGracefully(why);
    } else {
      pod.killAllProcesses();
    }
  }

  /**
   * The container is stopped (SIGTERM, SIGKILL after the grace period; no preStop: glusterd stopped
   * or crashed, not a kubelet kill) and is not restarted until {@link #release()}: a fault
   * injector's window to change the pod's volume while its glusterd is down.
   */
  void holdStopped(String why) {
    synchronized (this) {
      held = true;
    }
    ready = false;
    log.event(pod.name() + ": container stopped and held: " + why);
    boolean clean =
        pod.stopContainer(scale.timeoutSeconds(settings.terminationGracePeriodSeconds()));
    log.event(pod.name() + ": container stopped " + (clean ? "on SIGTERM" : "with SIGKILL"));
  }

  /**
   * Ends {@link #holdStopped(String)}: the container is restarted as after any exit (a restart).
   */
  void release() {
    synchronized (this) {
      held = false;
    }
    log.event(pod.name() + ": container released");
  }

  private synchronized boolean held() {
    return held;
  }

  /**
   * The node is gone: the kubelet stops doing anything for this pod; its processes are left as they
   * are.
   */
  void halt() {
    halted = true;
    ready = false;
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void spawn(String what, Runnable body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (SandboxException e) {
                if (!halted) {
                  log.event(pod.name() + ": kubelet " + what + " worker failed: " + e.getMessage());
                }
              }
            },
            "kubelet-" + pod.name() + "-" + what);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void podWorker() {
    while (!halted) {
      String reason = killRequest;
      if (reason != null) {
        stopContainerGracefully(reason);
        killRequest = null;
      }
      if (!pod.containerRunning() && !halted && !held()) {
        if (reason == null) {
          log.event(
              pod.name() + ": container exited with code " + pod.containerExitCode().orElse(-1));
        }
        restartContainer();
      }
      if (!sleep(TICK)) {
        return;
      }
    }
  }

  private void restartContainer() {
    ready = false;
    startupPassed = settings.startup().isEmpty();
    Instant started = pod.containerStartedAt();
    if (started != null
        && Duration.between(started, Instant.now()).compareTo(scale.seconds(600)) > 0) {
      backoff = Duration.ZERO;
    }
    if (!backoff.isZero()) {
      log.event(pod.name() + ": back-off " + backoff.toMillis() + " ms restarting the container");
      if (!sleep(backoff)) {
        return;
      }
    }
    backoff =
        backoff.isZero() ? scale.seconds(10) : min(backoff.multipliedBy(2), scale.seconds(300));
    synchronized (this) {
      if (held) {
        return;
      }
      pod.startContainer(entrypoint);
      restarts++;
    }
    log.event(
        pod.name()
            + ": container restarted (pid "
            + pod.containerPid().orElse(-1)
            + ", restarts "
            + restarts()
            + ")");
  }

  private void stopContainerGracefully(String why) {
    ready = false;
    Duration grace = scale.timeoutSeconds(settings.terminationGracePeriodSeconds());
    log.event(pod.name() + ": killing the container: " + why);
    long start = System.nanoTime();
    if (!settings.preStop().isEmpty()) {
      CommandResult r =
          runInPod(ProbeKind.PRESTOP, scale.scaleDeadlines(settings.preStop()), grace);
      if (r == null) {
        // interrupted: a forced stop follows
        pod.stopContainer(Duration.ZERO);
        return;
      }
    }
    Duration left = grace.minus(Duration.ofNanos(System.nanoTime() - start));
    if (left.compareTo(scale.timeoutSeconds(2)) < 0) {
      left = scale.timeoutSeconds(2);
    }
    boolean clean = pod.stopContainer(left);
    log.event(
        pod.name()
            + ": container stopped "
            + (clean ? "on SIGTERM" : "with SIGKILL after " + left.toMillis() + " ms"));
  }

  private void probeWorker(ProbeKind kind, ProbeSettings probe) {
    int generation = -1;
    Instant next = Instant.MAX;
    int successes = 0;
    int failures = 0;
    while (!halted) {
      int current = pod.containerStarts();
      if (current != generation) {
        generation = current;
        next = pod.containerStartedAt().plus(scale.seconds(probe.initialDelaySeconds()));
        successes = 0;
        failures = 0;
      }
      boolean waiting =
          kind != ProbeKind.STARTUP && !startupPassed
              || kind == ProbeKind.STARTUP && startupPassed
              || killRequest != null
              || !pod.containerRunning()
              || Instant.now().isBefore(next);
      if (waiting) {
        if (!sleep(TICK)) {
          return;
        }
        continue;
      }
      next = next.plus(scale.seconds(probe.periodSeconds()));
      Duration timeout = scale.timeoutSeconds(probe.timeoutSeconds());
      CommandResult r =
          probe.tcpPort().isPresent()
              ? tcpCheck(kind, probe.tcpPort().getAsInt(), timeout)
              : runInPod(kind, probe.command(), timeout);
      if (r == null || halted) {
        return;
      }
      if (pod.containerStarts() != generation) {
        continue;
      }
      if (r.ok()) {
        successes++;
        failures = 0;
      } else {
        failures++;
        successes = 0;
      }
      Instant now = Instant.now();
      if (next.isBefore(now)) {
        next = now;
      }
      switch (kind) {
        case READINESS -> {
          if (successes >= probe.successThreshold()) {
            ready = true;
          } else if (failures >= probe.failureThreshold()) {
            ready = false;
          }
        }
        case LIVENESS, STARTUP -> {
          if (kind == ProbeKind.STARTUP && r.ok()) {
            startupPassed = true;
          } else if (failures >= probe.failureThreshold()) {
            killRequest =
                kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " probe failed "
                    + failures
                    + " times in a row: "
                    + r.firstLine();
            failures = 0;
          }
        }
        default -> throw new IllegalStateException(kind.name());
      }
    }
  }

  /** Runs a probe or hook in the pod and records it; null when this thread was interrupted. */
  private CommandResult runInPod(ProbeKind kind, List<String> command, Duration timeout) {
    Instant at = Instant.now();
    CommandResult r;
    try {
      r = pod.exec(timeout, command);
    } catch (SandboxException e) {
      if (Thread.currentThread().isInterrupted() || halted) {
        return null;
      }
      throw e;
    }
    log.probe(
        new ProbeRun(pod.name(), pod.ordinal(), kind, at, r.took(), r.exitCode(), r.firstLine()));
    pod.recordOutput(kind, at, r);
    return r;
  }

  /**
   * A {@code tcpSocket} probe: a TCP connection to the pod's address and port, made from inside the
   * pod's network namespace (the kubelet reaches the pod's address over the node's network).
   */
  private CommandResult tcpCheck(ProbeKind kind, int port, Duration timeout) {
    Instant at = Instant.now();
    CommandResult r;
    try {
      r =
          Command.run(
              timeout,
              "ip",
              "netns",
              "exec",
              pod.netns(),
              "bash",
              "-c",
              "exec 3<>/dev/tcp/"
                  + pod.address()
                  + "/"
                  + port
                  + " && echo connected to "
                  + pod.address()
                  + ":"
                  + port);
    } catch (SandboxException e) {
      if (Thread.currentThread().isInterrupted() || halted) {
        return null;
      }
      throw e;
    }
    log.probe(
        new ProbeRun(pod.name(), pod.ordinal(), kind, at, r.took(), r.exitCode(), r.firstLine()));
    return r;
  }

  Optional<String> pendingKill() {
    return Optional.ofNullable(killRequest);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Sleeps; false when the kubelet was halted meanwhile. */
  private boolean sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
      return !halted;
    } catch (InterruptedException e) {
      return false;
    }
  }
}
