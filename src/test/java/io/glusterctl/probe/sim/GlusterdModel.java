package io.glusterctl.probe.sim;

import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.Self;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * A model of glusterd 10.3's peer handling, for the simulation: the rules the lab measured
 * (/work/shared/notes/glusterd-lab-facts.md, test-fixtures/README.md) and glusterd's source shows,
 * each named where it is applied. It is a model, not glusterd: what it leaves out is said in {@code
 * docs/benchmarks-scale.md}.
 *
 * <p>One {@link Node} per ordinal: the PersistentVolume (UUID, peer records, bricks) and the
 * glusterd running on it. Pods have a DNS name while they exist and an address generation that
 * changes when they are rescheduled. A node's view of a peer is connected when its own client
 * connection to that peer is up; connections come and go as events on the {@link EventLoop}.
 */
final class GlusterdModel {
  /** glusterd's {@code opRet}/{@code opErrno}/{@code opErrstr} (or output) for one CLI command. */
  record Answer(int opRet, int opErrno, String text) {
    boolean ok() {
      return opRet == 0;
    }
  }

  /** One entry of a node's peer list ({@code /var/lib/glusterd/peers/<uuid>}). */
  static final class PeerRecord {
    final String uuid;
    final List<String> hostnames = new ArrayList<>();
    PeerState state;

    PeerRecord(String uuid, String hostname, PeerState state) {
      this.uuid = uuid;
      this.hostnames.add(hostname);
      this.state = state;
    }
  }

  /** One pod's PersistentVolume and the glusterd that runs on it. */
  final class Node {
    final int ordinal;
    final String fqdn;
    // on the PersistentVolume
    String uuid;
    final Map<String, PeerRecord> peers = new LinkedHashMap<>();
    boolean hostsBricks;
    int configVersion;
    // glusterd at run time
    boolean up;
    int probesInFlight;
    final Set<String> connected = new HashSet<>();
    final Map<String, Integer> resolvedGeneration = new HashMap<>();

    Node(int ordinal) {
      this.ordinal = ordinal;
      this.fqdn = names.fqdnOf(ordinal);
      this.uuid = uuidFor(ordinal, 0);
    }

    Optional<PeerRecord> peerNamed(String host) {
      for (PeerRecord r : peers.values()) {
        for (String h : r.hostnames) {
          if (h.equalsIgnoreCase(host)) {
            return Optional.of(r);
          }
        }
      }
      return Optional.empty();
    }

    boolean connectedTo(String peerUuid) {
      return up && connected.contains(peerUuid);
    }
  }

  /** A pod's presence on the network. */
  private static final class PodNet {
    boolean exists;
    int generation;
    boolean linkUp = true;
  }

  private final EventLoop loop;
  private final Timings t;
  private final Random random;
  private final Self names;
  private final Map<Integer, Node> nodes = new LinkedHashMap<>();
  private final Map<String, Node> byUuid = new HashMap<>();
  private final Map<Integer, PodNet> pods = new HashMap<>();
  private int uuidGeneration;
  private final Map<String, OptionalInt> ordinals = new HashMap<>();

  GlusterdModel(EventLoop loop, Timings t, Random random, Self names) {
    this.loop = loop;
    this.t = t;
    this.random = random;
    this.names = names;
  }

  static String uuidFor(int ordinal, int generation) {
    return String.format("%08x-0000-4000-8000-%012d", generation, ordinal);
  }

  Node node(int ordinal) {
    return nodes.computeIfAbsent(
        ordinal,
        o -> {
          Node n = new Node(o);
          byUuid.put(n.uuid, n);
          return n;
        });
  }

  Optional<Node> existingNode(int ordinal) {
    return Optional.ofNullable(nodes.get(ordinal));
  }

  String fqdn(int ordinal) {
    return names.fqdnOf(ordinal);
  }

  // ---- the pods' network ------------------------------------------------------------------------

  /** The pod's DNS record appears (the StatefulSet created it). */
  void podCreated(int ordinal) {
    net(ordinal).exists = true;
  }

  /** The pod is gone: no DNS record, no address. */
  void podDeleted(int ordinal) {
    PodNet n = net(ordinal);
    n.exists = false;
    n.generation++;
  }

  /** Whether the name resolves (the pod exists). */
  boolean resolves(String host) {
    OptionalInt o = ordinalOf(host);
    return o.isPresent() && net(o.getAsInt()).exists;
  }

  OptionalInt ordinalOf(String host) {
    return ordinals.computeIfAbsent(host, names::ordinalOf);
  }

  private PodNet net(int ordinal) {
    return pods.computeIfAbsent(ordinal, o -> new PodNet());
  }

  /** Whether packets pass between the two pods (both exist, both links up). */
  boolean linked(int a, int b) {
    PodNet x = net(a);
    PodNet y = net(b);
    return x.exists && y.exists && x.linkUp && y.linkUp;
  }

  /** Whether a TCP connect from pod {@code from} to {@code host}:24007 is answered. */
  boolean answers(int from, String host) {
    OptionalInt o = ordinalOf(host);
    return o.isPresent()
        && linked(from, o.getAsInt())
        && existingNode(o.getAsInt()).map(n -> n.up).orElse(false);
  }

  /**
   * How long a TCP connect to {@code host} takes to tell: a missing name or a closed port at once,
   * a node that is down or cut off only at the timeout.
   */
  Duration connectTime(int from, String host) {
    OptionalInt o = ordinalOf(host);
    if (o.isEmpty() || !net(o.getAsInt()).exists) {
      return t.tcpAnswer();
    }
    return linked(from, o.getAsInt()) ? t.tcpAnswer() : t.tcpTimeout();
  }

  // ---- glusterd's life ----------------------------------------------------------------------

  /**
   * glusterd starts on the pod's volume: it resolves every peer's name afresh and connects to those
   * that answer; the peers reconnect to it within their reconnect interval, or only after
   * re-resolving its name when it came back at a new address.
   */
  void start(int ordinal) {
    Node n = node(ordinal);
    n.up = true;
    n.connected.clear();
    n.probesInFlight = 0;
    for (PeerRecord r : n.peers.values()) {
      n.resolvedGeneration.put(r.uuid, generationOfUuid(r.uuid));
      loop.after(jitter(t.friendUpdate()), () -> tryConnect(n, r.uuid));
    }
    for (Node other : nodes.values()) {
      // by name: a node that lost its volume comes back under a new UUID
      Optional<PeerRecord> r = other == n ? Optional.empty() : other.peerNamed(n.fqdn);
      if (other.up && r.isPresent()) {
        loop.after(jitter(t.reconnect()), () -> tryConnect(other, r.get().uuid));
      }
    }
  }

  /** glusterd stops (SIGTERM, or the container is killed): its peers see it at once. */
  void stop(int ordinal) {
    Node n = node(ordinal);
    n.up = false;
    n.connected.clear();
    for (Node other : nodes.values()) {
      if (other != n) {
        other.connected.remove(n.uuid);
      }
    }
  }

  /** The pod's link is cut: both sides see the other disconnected after about 22 s. */
  void cutLink(int ordinal) {
    net(ordinal).linkUp = false;
    loop.after(
        t.partitionDetect(),
        () -> {
          for (Node a : nodes.values()) {
            for (Node b : nodes.values()) {
              if (a != b && !linked(a.ordinal, b.ordinal)) {
                a.connected.remove(b.uuid);
              }
            }
          }
        });
  }

  void healLink(int ordinal) {
    net(ordinal).linkUp = true;
    for (Node a : nodes.values()) {
      for (PeerRecord r : a.peers.values()) {
        if (a.up && !a.connected.contains(r.uuid)) {
          loop.after(jitter(t.reconnect()), () -> tryConnect(a, r.uuid));
        }
      }
    }
  }

  /**
   * The pod is made again elsewhere (node lost, pod force-deleted): same volume, new address. Its
   * peers hold the old address until they re-resolve the name (60 to 120 s measured).
   */
  void rescheduled(int ordinal) {
    PodNet p = net(ordinal);
    p.exists = true;
    p.linkUp = true;
    p.generation++;
    Node n = node(ordinal);
    for (Node other : nodes.values()) {
      if (other != n && other.peers.containsKey(n.uuid)) {
        other.connected.remove(n.uuid);
        Duration reResolve =
            t.reResolveMin()
                .plusMillis(
                    (long)
                        (random.nextDouble()
                            * (t.reResolveMax().toMillis() - t.reResolveMin().toMillis())));
        loop.after(
            reResolve,
            () -> {
              other.resolvedGeneration.put(n.uuid, generationOfUuid(n.uuid));
              tryConnect(other, n.uuid);
            });
      }
    }
  }

  /** The lab's R2 "amnesia": everything but {@code glusterd.info} deleted (same UUID, no peers). */
  void forgetPeers(int ordinal) {
    Node n = node(ordinal);
    n.peers.clear();
    n.configVersion = -1;
  }

  /**
   * The lab's R1 drift: a volume's configuration changed on this node without its version; every
   * peer rejects it at the next handshake, and it rejects them.
   */
  void drift(int ordinal) {
    node(ordinal).configVersion += 1000;
  }

  /** A lost PersistentVolume: glusterd makes a new UUID and knows no peers. */
  void loseVolume(int ordinal) {
    Node n = node(ordinal);
    n.uuid = uuidFor(ordinal, ++uuidGeneration);
    byUuid.put(n.uuid, n);
    n.peers.clear();
    n.hostsBricks = false;
    n.configVersion = -1;
  }

  /**
   * The lab's working repair, as prestart carries it out: every other member of the reference's
   * pool written as {@code state=3}, the pool's configuration back, same UUID (or the old one
   * written back for a lost identity).
   */
  void rebuildFrom(int ordinal, int reference, Optional<String> oldUuid) {
    Node n = node(ordinal);
    Node ref = node(reference);
    oldUuid.ifPresent(
        u -> {
          n.uuid = u;
          byUuid.put(u, n);
        });
    n.peers.clear();
    PeerRecord refSelf = new PeerRecord(ref.uuid, ref.fqdn, PeerState.PEER_IN_CLUSTER);
    n.peers.put(ref.uuid, refSelf);
    for (PeerRecord r : ref.peers.values()) {
      if (!r.uuid.equals(n.uuid)) {
        PeerRecord copy = new PeerRecord(r.uuid, r.hostnames.get(0), PeerState.PEER_IN_CLUSTER);
        n.peers.put(r.uuid, copy);
      }
    }
    n.configVersion = ref.configVersion;
  }

  private int generationOfUuid(String uuid) {
    return nodeWithUuid(uuid).map(n -> net(n.ordinal).generation).orElse(-1);
  }

  private Optional<Node> nodeWithUuid(String uuid) {
    Node n = byUuid.get(uuid);
    return n != null && n.uuid.equals(uuid) ? Optional.of(n) : Optional.empty();
  }

  /**
   * {@code a}'s client connects to the peer {@code peerUuid} when both run, packets pass and {@code
   * a} uses the peer's current address; then the management handshake decides the state and the two
   * exchange what they know of the pool (glusterd's friend update).
   */
  private void tryConnect(Node a, String peerUuid) {
    PeerRecord r = a.peers.get(peerUuid);
    if (!a.up || r == null || a.connected.contains(peerUuid)) {
      return;
    }
    Optional<Node> bo = nodeWithUuid(peerUuid);
    // a lost-volume node answers under a new UUID: the record's name still leads to it
    Node b = bo.orElseGet(() -> nodeNamed(r.hostnames.get(0)).orElse(null));
    if (b == null || !b.up || !linked(a.ordinal, b.ordinal)) {
      return;
    }
    if (a.resolvedGeneration.getOrDefault(peerUuid, -1) != net(b.ordinal).generation
        && bo.isPresent()) {
      return; // still the old address: only the re-resolve event helps
    }
    a.connected.add(peerUuid);
    boolean consistent =
        b.uuid.equals(peerUuid)
            && b.peers.containsKey(a.uuid)
            && b.configVersion == a.configVersion;
    if (r.state == PeerState.PEER_IN_CLUSTER || r.state == PeerState.PEER_REJECTED) {
      // "Peer Rejected": the peer does not know this node, answers under another UUID, or its
      // volume configuration differs (R1, R2 and the lost volume); a consistent handshake clears
      // an old rejection (the lab's repaired node: the healthy nodes needed no restart)
      r.state = consistent ? PeerState.PEER_IN_CLUSTER : PeerState.PEER_REJECTED;
    }
    if (consistent && r.state == PeerState.PEER_IN_CLUSTER) {
      exchange(a, b);
    }
  }

  private Optional<Node> nodeNamed(String host) {
    OptionalInt o = ordinalOf(host);
    return o.isPresent() ? existingNode(o.getAsInt()) : Optional.empty();
  }

  /**
   * Friend update: what one member knows of the pool's other members (in the cluster), the other
   * learns, and connects to. This is also how a member that missed a detach (it was down) brings
   * the detached peer back: the reason glusterd refuses a detach without force while a peer is
   * down.
   */
  private void exchange(Node a, Node b) {
    learn(b, a);
    learn(a, b);
  }

  private void learn(Node learner, Node teller) {
    for (PeerRecord r : new ArrayList<>(teller.peers.values())) {
      if (r.state != PeerState.PEER_IN_CLUSTER
          || r.uuid.equals(learner.uuid)
          || learner.peers.containsKey(r.uuid)) {
        continue;
      }
      PeerRecord copy = new PeerRecord(r.uuid, r.hostnames.get(0), PeerState.PEER_IN_CLUSTER);
      learner.peers.put(r.uuid, copy);
      learner.resolvedGeneration.put(r.uuid, generationOfUuid(r.uuid));
      loop.after(jitter(t.friendUpdate()), () -> tryConnect(learner, r.uuid));
      // the teller's update reaches that member too: it learns the learner (a member it is in the
      // cluster with tells it), so neither side's handshake meets an unknown peer
      Optional<Node> member = nodeWithUuid(r.uuid);
      if (member.isPresent()
          && member.get().up
          && !member.get().peers.containsKey(learner.uuid)
          && Optional.ofNullable(member.get().peers.get(teller.uuid))
              .map(x -> x.state == PeerState.PEER_IN_CLUSTER)
              .orElse(false)) {
        Node m = member.get();
        m.peers.put(
            learner.uuid, new PeerRecord(learner.uuid, learner.fqdn, PeerState.PEER_IN_CLUSTER));
        m.resolvedGeneration.put(learner.uuid, generationOfUuid(learner.uuid));
        loop.after(jitter(t.friendUpdate()), () -> tryConnect(m, learner.uuid));
      }
    }
  }

  private Duration jitter(Duration max) {
    return Duration.ofMillis(1 + (long) (random.nextDouble() * Math.max(1, max.toMillis())));
  }

  // ---- the CLI's commands -------------------------------------------------------------------

  /**
   * Whether the node's listing ({@code peer status}, {@code pool list}) answers: not while a probe
   * it sent has no UUID back yet (the lab: the WHOLE listing fails, {@code opRet -22}).
   */
  boolean listingFails(int ordinal) {
    return node(ordinal).probesInFlight > 0;
  }

  /**
   * The start of {@code peer probe host} on {@code from}: what glusterd will answer and how long
   * the CLI waits for it. The answer is applied by {@link #probeEnd}.
   */
  Answer probeCheck(int from, String host) {
    Node a = node(from);
    OptionalInt o = ordinalOf(host);
    if (o.isPresent() && o.getAsInt() == from) {
      return new Answer(0, 1, "Probe on localhost not needed");
    }
    if (a.peerNamed(host).isPresent()) {
      return new Answer(0, 2, "Host " + host + " port 24007 already in peer list");
    }
    if (o.isEmpty() || !answers(from, host)) {
      return new Answer(-1, 107, "Probe returned with Transport endpoint is not connected");
    }
    Node b = node(o.getAsInt());
    // __glusterd_handle_probe_query: a target that has peers and does not know the prober refuses
    if (!b.peers.isEmpty() && !b.peers.containsKey(a.uuid)) {
      return new Answer(
          -1, 3, host + " is either already part of another cluster or having volumes configured");
    }
    return new Answer(0, 0, "success");
  }

  Duration probeDuration(int from, String host) {
    OptionalInt o = ordinalOf(host);
    if (o.isPresent() && net(o.getAsInt()).exists && !linked(from, o.getAsInt())) {
      return t.unreachableCall();
    }
    return t.probeCall();
  }

  /**
   * The probe's effect once glusterd answered: both sides list each other (the prober by the name
   * it was given), then the handshake makes them {@code Peer in Cluster} and the friend update
   * spreads the new member through the pool. A target that already knew the prober (the prober lost
   * its peer list but kept its UUID) ends with both sides in {@code Sent and Received peer
   * request}: the documented recovery that did not converge in the lab.
   */
  Answer probeEnd(int from, String host) {
    Answer a = probeCheck(from, host); // the world may have changed meanwhile
    if (!a.ok() || a.opErrno() != 0) {
      return a;
    }
    Node p = node(from);
    Node b = node(ordinalOf(host).getAsInt());
    boolean knewProber = b.peers.containsKey(p.uuid);
    PeerRecord mine = new PeerRecord(b.uuid, host, PeerState.PROBE_SENT_TO_PEER);
    p.peers.put(b.uuid, mine);
    p.resolvedGeneration.put(b.uuid, net(b.ordinal).generation);
    p.connected.add(b.uuid);
    if (knewProber) {
      mine.state = PeerState.SENT_AND_RECEIVED_PEER_REQUEST;
      b.peers.get(p.uuid).state = PeerState.SENT_AND_RECEIVED_PEER_REQUEST;
      return a;
    }
    PeerRecord theirs = new PeerRecord(p.uuid, p.fqdn, PeerState.PROBE_RECEIVED_FROM_PEER);
    b.peers.put(p.uuid, theirs);
    b.resolvedGeneration.put(p.uuid, net(p.ordinal).generation);
    b.connected.add(p.uuid);
    b.configVersion = p.configVersion;
    loop.after(
        t.handshake(),
        () -> {
          if (!p.up || !b.up) {
            return;
          }
          if (mine.state == PeerState.PROBE_SENT_TO_PEER) {
            mine.state = PeerState.PEER_IN_CLUSTER;
          }
          if (theirs.state == PeerState.PROBE_RECEIVED_FROM_PEER) {
            theirs.state = PeerState.PEER_IN_CLUSTER;
          }
          loop.after(jitter(t.friendUpdate()), () -> spread(p, b));
        });
    return a;
  }

  /** The prober tells its connected members about the new one, and the new one about them. */
  private void spread(Node prober, Node newcomer) {
    learn(newcomer, prober);
    for (PeerRecord r : new ArrayList<>(prober.peers.values())) {
      if (r.uuid.equals(newcomer.uuid) || !prober.connectedTo(r.uuid)) {
        continue;
      }
      nodeWithUuid(r.uuid).filter(n -> n.up).ifPresent(member -> learn(member, prober));
    }
  }

  /**
   * {@code peer detach host [force]} on {@code from}, as {@code __glusterd_handle_cli_deprobe}
   * checks it: not a peer; the node itself; without force, every other peer must be {@code Peer in
   * Cluster} and connected; a peer that hosts bricks, force or not.
   */
  Answer detachCheck(int from, String host, boolean force) {
    Node a = node(from);
    Optional<PeerRecord> r = a.peerNamed(host);
    if (r.isEmpty()) {
      OptionalInt o = ordinalOf(host);
      if (o.isPresent() && o.getAsInt() == from) {
        return new Answer(-1, 1, host + " is localhost");
      }
      return new Answer(-1, 2, host + " is not part of cluster");
    }
    if (!force) {
      for (PeerRecord p : a.peers.values()) {
        if (p != r.get() && (p.state != PeerState.PEER_IN_CLUSTER || !a.connectedTo(p.uuid))) {
          return new Answer(-1, 4, "One of the peers is probably down. Check with 'peer status'");
        }
      }
    }
    Optional<Node> target = nodeWithUuid(r.get().uuid);
    if (target.isPresent() && target.get().hostsBricks) {
      return new Answer(
          1,
          3,
          "Peer "
              + host
              + " hosts one or more bricks. If the peer is in not recoverable state then use"
              + " either replace-brick or remove-brick command with force to remove all bricks"
              + " from the peer and attempt the peer detach again.");
    }
    return new Answer(0, 0, "success");
  }

  /**
   * The detach's effect: the node forgets the peer, and so does every member it is connected to;
   * the detached peer, when connected, forgets the whole pool. A member that is down keeps its
   * record of the detached peer (and brings it back when it reconnects, see {@link #exchange}).
   */
  Answer detachEnd(int from, String host, boolean force) {
    Answer ans = detachCheck(from, host, force);
    if (!ans.ok()) {
      return ans;
    }
    Node a = node(from);
    PeerRecord r = a.peerNamed(host).orElseThrow();
    String gone = r.uuid;
    boolean told = a.connectedTo(gone);
    a.peers.remove(gone);
    a.connected.remove(gone);
    for (Node m : nodes.values()) {
      if (m != a && m.up && a.connectedTo(m.uuid) && m.peers.containsKey(a.uuid)) {
        m.peers.remove(gone);
        m.connected.remove(gone);
      }
    }
    nodeWithUuid(gone)
        .ifPresent(
            d -> {
              if (told && d.up) {
                d.peers.clear();
                d.connected.clear();
              }
            });
    return ans;
  }

  Duration detachDuration() {
    return t.detachCall();
  }

  /** Every node, by ordinal. */
  List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  Instant now() {
    return loop.now();
  }
}
