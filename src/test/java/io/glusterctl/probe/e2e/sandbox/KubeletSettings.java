package io.glusterctl.probe.e2e.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * The kubelet-facing part of the StatefulSet's pod template, in cluster seconds: the probes, the
 * preStop hook and the grace period. {@link #defaults()} are the values of {@code
 * k8s/glusterfs-all-in-one.yaml} (to be cross-checked against the manifest by a test of their own).
 * The commands are the manifest's with {@code glusterctl-probe} found on the pod's PATH instead of
 * at {@code /usr/local/bin} (the sandbox does not write into the machine's {@code /usr/local}).
 *
 * @param liveness the livenessProbe: the container is restarted after {@code failureThreshold}
 *     failures
 * @param readiness the readinessProbe: Ready after {@code successThreshold} successes
 * @param startup the startupProbe, when there is one: liveness and readiness wait until it succeeds
 * @param preStop the preStop hook's exec command, run before every container kill
 * @param terminationGracePeriodSeconds preStop plus SIGTERM get this long before SIGKILL
 */
public record KubeletSettings(
    ProbeSettings liveness,
    ProbeSettings readiness,
    Optional<ProbeSettings> startup,
    List<String> preStop,
    int terminationGracePeriodSeconds) {

  public static final List<String> LIVENESS_COMMAND = List.of("glusterctl-probe", "liveness");
  public static final List<String> READINESS_COMMAND = List.of("glusterctl-probe", "readiness");

  /**
   * The preStop hook; its {@code --deadline} is a cluster time, which the kubelet scales like a
   * timeout ({@link TimeScale#scaleDeadlines(List)}).
   */
  public static final List<String> PRESTOP_COMMAND =
      List.of("glusterctl-probe", "prestop", "--deadline", "50s");

  public KubeletSettings {
    preStop = List.copyOf(preStop);
  }

  /**
   * As in {@code k8s/glusterfs-all-in-one.yaml}: startupProbe {@code tcpSocket} on glusterd's port
   * 24007 every 5 s, timeout 2 s, failureThreshold 60; livenessProbe {@code glusterctl-probe
   * liveness} every 30 s, timeout 25 s, failureThreshold 3; readinessProbe {@code glusterctl-probe
   * readiness} every 30 s, timeout 25 s, failureThreshold 2; no initial delays (the startup probe
   * holds the others back); preStop {@code glusterctl-probe prestop --deadline 50s};
   * terminationGracePeriodSeconds 60.
   */
  public static KubeletSettings defaults() {
    return new KubeletSettings(
        new ProbeSettings(LIVENESS_COMMAND, 0, 30, 25, 3, 1),
        new ProbeSettings(READINESS_COMMAND, 0, 30, 25, 2, 1),
        Optional.of(ProbeSettings.tcpSocket(Sandbox.GLUSTERD_PORT, 0, 5, 2, 60, 1)),
        PRESTOP_COMMAND,
        60);
  }

  /**
   * The default timings, but with the gluster CLI itself as liveness and readiness command ({@code
   * gluster --mode=script pool list}), the manifest's TCP startup probe and no preStop hook: a pod
   * template that needs no program, for testing the sandbox itself.
   */
  public static KubeletSettings withoutProgram() {
    List<String> poolList = List.of("gluster", "--mode=script", "pool", "list");
    KubeletSettings d = defaults();
    return new KubeletSettings(
        d.liveness().withCommand(poolList),
        d.readiness().withCommand(poolList),
        d.startup(),
        List.of(),
        d.terminationGracePeriodSeconds());
  }

  /**
   * The manifest's startupProbe as it is now: a {@code tcpSocket} check of the glusterd port every
   * 5 s, timeout 2 s, failureThreshold 60 (a pod whose repair is pending reaches the livenessProbe,
   * which restarts it, within seconds). The kubelet connects to the pod's address; here the check
   * runs in the pod and connects to the pod's own name, which its {@code /etc/hosts} maps to that
   * address. {@link #defaults()} still has the older exec startupProbe ({@code glusterctl-probe
   * liveness}).
   */
  public static ProbeSettings tcpStartupProbe() {
    return new ProbeSettings(
        List.of("bash", "-c", "exec 3<>\"/dev/tcp/$HOSTNAME/24007\""), 0, 5, 2, 60, 1);
  }

  /**
   * A startupProbe that waits until glusterd answers the CLI ({@code gluster pool list}), every 5
   * s, timeout 10 s, up to 120 failures (10 minutes), rather than until its port accepts
   * connections: glusterd 10.3 listens on 24007 before its start-up work is done (about 25 runs of
   * python for geo-replication's configuration, some 15 s of CPU), and on a loaded machine the
   * livenessProbe then restarts it again and again before it ever answers. Not the manifest's (it
   * has {@link #tcpStartupProbe()}); the data tests and the pool-size benchmark use it.
   */
  public static ProbeSettings answeringStartupProbe() {
    return new ProbeSettings(
        List.of("gluster", "--mode=script", "--timeout=5", "pool", "list"), 0, 5, 10, 120, 1);
  }

  /** {@link #defaults()} with the manifest's TCP startupProbe ({@link #tcpStartupProbe()}). */
  public static KubeletSettings asInManifest() {
    return defaults().withStartup(tcpStartupProbe());
  }

  public KubeletSettings withoutStartup() {
    return new KubeletSettings(
        liveness, readiness, Optional.empty(), preStop, terminationGracePeriodSeconds);
  }

  public KubeletSettings withLiveness(ProbeSettings p) {
    return new KubeletSettings(p, readiness, startup, preStop, terminationGracePeriodSeconds);
  }

  public KubeletSettings withReadiness(ProbeSettings p) {
    return new KubeletSettings(liveness, p, startup, preStop, terminationGracePeriodSeconds);
  }

  public KubeletSettings withStartup(ProbeSettings p) {
    return new KubeletSettings(
        liveness, readiness, Optional.of(p), preStop, terminationGracePeriodSeconds);
  }
}
