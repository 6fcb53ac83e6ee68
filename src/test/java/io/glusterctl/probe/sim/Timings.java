package io.glusterctl.probe.sim;

import java.time.Duration;

/**
 * How long things take in the simulated world: the program's own costs (a JVM start, a gluster CLI
 * process, a TCP connect, an API request) and glusterd's (a probe handshake, a friend update, a
 * reconnect). Two sets: {@link #cluster()} for a cluster with one pod per node, and {@link
 * #sandbox()} for the sandbox's pods sharing two cores, to compare the simulation with it.
 *
 * @param jvmStart from the kubelet's exec to the program's first observation
 * @param localCall one {@code gluster ... peer status} (or {@code volume info}) of the local
 *     glusterd, process included
 * @param remoteCall one {@code gluster --remote-host=... peer status}
 * @param probeCall {@code gluster peer probe} of a glusterd that answers: connect, the probe query
 *     and the CLI's reply; the listing of the prober fails meanwhile (the new peer has no UUID yet)
 * @param detachCall {@code gluster peer detach}
 * @param unreachableCall a gluster call (probe, remote listing) whose target's node is down: the
 *     connect times out
 * @param membersCall reading the desired members (API: one HTTPS request; DNS: a lookup)
 * @param tcpAnswer a TCP connect that is answered (or refused)
 * @param tcpTimeout the program's TCP check of a host whose node is down
 * @param handshake from a probe's reply to both sides listing each other {@code Peer in Cluster}
 * @param friendUpdate from a change in a pool to every connected member knowing it
 * @param reconnect glusterd's reconnect interval (3 s): the longest a started peer waits
 * @param reResolveMin a peer's glusterd sees a pod that came back at a new address only after its
 *     own reconnect re-resolves the name: measured 60 s to more than 120 s
 * @param reResolveMax see {@code reResolveMin}
 * @param partitionDetect a link cut is seen as {@code Disconnected} after about 22 s
 * @param containerStart from a pod's creation to glusterd listening
 * @param stopGrace glusterd's stop after SIGTERM
 */
record Timings(
    Duration jvmStart,
    Duration localCall,
    Duration remoteCall,
    Duration probeCall,
    Duration detachCall,
    Duration unreachableCall,
    Duration membersCall,
    Duration tcpAnswer,
    Duration tcpTimeout,
    Duration handshake,
    Duration friendUpdate,
    Duration reconnect,
    Duration reResolveMin,
    Duration reResolveMax,
    Duration partitionDetect,
    Duration containerStart,
    Duration stopGrace) {

  /**
   * One pod per node, the JVM launcher on JDK 17 (figures of a quiet machine from the README's cost
   * tables: a liveness run about 0.75 s, a CLI call 60-90 ms, a probe about 0.15 s).
   */
  static Timings cluster() {
    return new Timings(
        ms(500),
        ms(80),
        ms(100),
        ms(150),
        ms(150),
        ms(3000),
        ms(150),
        ms(1),
        ms(2000),
        ms(500),
        ms(500),
        ms(3000),
        ms(60_000),
        ms(120_000),
        ms(22_000),
        ms(3000),
        ms(500));
  }

  /**
   * The sandbox on two shared cores with many pods: JVM starts of seconds and CLI calls of a few
   * hundred milliseconds (the pool-size benchmark's runs at 16 and 32 pods).
   */
  static Timings sandbox() {
    return new Timings(
        ms(2500),
        ms(400),
        ms(600),
        ms(700),
        ms(700),
        ms(3000),
        ms(500),
        ms(5),
        ms(2000),
        ms(2000),
        ms(2000),
        ms(3000),
        ms(60_000),
        ms(120_000),
        ms(22_000),
        ms(5000),
        ms(1000));
  }

  private static Duration ms(long m) {
    return Duration.ofMillis(m);
  }
}
