package io.glusterctl.probe.model;

import java.util.List;
import java.util.Optional;

/**
 * What this node's glusterd says about the pool: its own UUID and its peers.
 *
 * @param selfUuid this node's UUID (from glusterd.info or {@code pool list}); empty when unknown
 * @param peers every peer listed by {@code gluster peer status}, in glusterd's order
 */
public record PoolView(Optional<String> selfUuid, List<Peer> peers) {
  public PoolView {
    peers = List.copyOf(peers);
  }

  public static PoolView of(List<Peer> peers) {
    return new PoolView(Optional.empty(), peers);
  }

  public PoolView withSelfUuid(String uuid) {
    return new PoolView(Optional.ofNullable(uuid), peers);
  }

  /** No peers at all: this node is a pool of one. */
  public boolean alone() {
    return peers.isEmpty();
  }

  /** A healthy pool as this node sees it: not alone, every peer in the cluster and connected. */
  public boolean healthy() {
    return !alone() && peers.stream().allMatch(Peer::healthy);
  }

  /** The peer known by this name, if any. */
  public Optional<Peer> peerNamed(String name) {
    return peers.stream().filter(p -> p.knownAs(name)).findFirst();
  }

  public Optional<Peer> peerWithUuid(String uuid) {
    return peers.stream().filter(p -> p.uuid().equalsIgnoreCase(uuid)).findFirst();
  }
}
