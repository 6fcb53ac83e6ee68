package io.glusterctl.probe.model;

import java.util.List;
import java.util.Objects;

/**
 * One peer as this node's glusterd lists it in {@code gluster peer status}.
 *
 * @param uuid the peer's UUID (may be the all-zero UUID while a probe handshake is under way)
 * @param hostname the primary name, the first the peer was probed with
 * @param hostnames every name glusterd knows the peer by, primary first ({@code Other names:})
 * @param state the friend state machine state
 * @param connected whether glusterd has a live connection to the peer
 */
public record Peer(
    String uuid, String hostname, List<String> hostnames, PeerState state, boolean connected) {

  public Peer {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(state, "state");
    hostnames = List.copyOf(hostnames);
    if (hostnames.isEmpty() || !hostnames.get(0).equals(hostname)) {
      throw new IllegalArgumentException("hostnames must start with the primary hostname");
    }
  }

  public static Peer of(String uuid, String hostname, PeerState state, boolean connected) {
    return new Peer(uuid, hostname, List.of(hostname), state, connected);
  }

  /** Peer in Cluster and connected: a healthy member. */
  public boolean healthy() {
    return state == PeerState.PEER_IN_CLUSTER && connected;
  }

  /** Whether any of this peer's names is {@code name} (DNS names compare case-insensitively). */
  public boolean knownAs(String name) {
    String n = HostNames.normalize(name);
    for (String h : hostnames) {
      if (HostNames.normalize(h).equals(n)) {
        return true;
      }
    }
    return false;
  }

  /** The state as glusterd prints it in text form, e.g. {@code Peer in Cluster (Connected)}. */
  public String stateLine() {
    return state.text() + (connected ? " (Connected)" : " (Disconnected)");
  }
}
