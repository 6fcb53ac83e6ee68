package io.glusterctl.probe.e2e.sandbox;

import java.util.List;

/**
 * The pod network: a bridge {@code br0} in a "switch" network namespace of its own (never in the
 * machine's root namespace), and one veth pair per attached namespace, created in the switch
 * namespace with its other end moved into the attached namespace as {@code eth0}. Nothing the tests
 * send can leave the machine: no address of this network exists outside the sandbox's namespaces.
 *
 * <p>Faults: a port can be cut (its switch end down: a node whose network is gone), an address can
 * lead nowhere for the other pods (a lost node's pod address, still routed to it), and ports can be
 * moved to a second bridge {@code br1} (an island: a network partition).
 */
final class SandboxNetwork implements AutoCloseable {
  /** All sandbox addresses are in this /16, which exists only inside the sandbox's namespaces. */
  static final String SUBNET_PREFIX = "10.77.";

  private static final String BRIDGE = "br0";
  private static final String ISLAND = "br1";

  private final String switchNamespace;
  private int nextHost = 0;

  SandboxNetwork(String prefix) {
    this.switchNamespace = prefix + "-sw";
  }

  void create() {
    NetworkNamespaces.create(switchNamespace);
    for (String bridge : List.of(BRIDGE, ISLAND)) {
      NetworkNamespaces.ip(switchNamespace, "link", "add", bridge, "type", "bridge");
      NetworkNamespaces.ip(switchNamespace, "link", "set", bridge, "up");
    }
  }

  String switchNamespace() {
    return switchNamespace;
  }

  /**
   * The next free pod address, 10.77.1.1 upwards: a pod made anew gets a new address, as in a
   * cluster.
   */
  synchronized String nextPodAddress() {
    int n = nextHost++;
    return SUBNET_PREFIX + (1 + n / 250) + "." + (1 + n % 250);
  }

  /**
   * Connects {@code namespace} to the bridge through switch port {@code port} (at most 12
   * characters, unique in this sandbox) and gives it {@code address}/16 on {@code eth0}.
   */
  void attach(String namespace, String port, String address) {
    String peer = port + "x";
    NetworkNamespaces.ip(
        switchNamespace, "link", "add", port, "type", "veth", "peer", "name", peer);
    NetworkNamespaces.ip(switchNamespace, "link", "set", peer, "netns", namespace);
    NetworkNamespaces.ip(namespace, "link", "set", peer, "name", "eth0");
    NetworkNamespaces.ip(namespace, "addr", "add", address + "/16", "dev", "eth0");
    NetworkNamespaces.ip(namespace, "link", "set", "eth0", "up");
    NetworkNamespaces.ip(switchNamespace, "link", "set", port, "master", BRIDGE);
    NetworkNamespaces.ip(switchNamespace, "link", "set", port, "up");
  }

  /** Removes a port (and with it the veth pair); nothing happens when it is already gone. */
  void detach(String port) {
    Command.run(NetworkNamespaces.IP_DEADLINE, "ip", "-n", switchNamespace, "link", "del", port);
  }

  /** The node's network is gone: the port's switch end goes down. */
  void cut(String port) {
    NetworkNamespaces.ip(switchNamespace, "link", "set", port, "down");
  }

  /**
   * In {@code namespace}, {@code address} leads nowhere: a permanent neighbour entry with a MAC
   * that no one on the bridge has, so that frames to it are dropped and a connect waits for answers
   * that never come, as to an address routed to a node that is gone.
   */
  void leadNowhere(String namespace, String address) {
    NetworkNamespaces.ip(
        namespace,
        "neigh",
        "replace",
        address,
        "lladdr",
        NOWHERE,
        "dev",
        "eth0",
        "nud",
        "permanent");
  }

  /** A locally administered MAC that no interface of the sandbox has. */
  static final String NOWHERE = "02:00:00:00:00:01";

  void restore(String port) {
    NetworkNamespaces.ip(switchNamespace, "link", "set", port, "up");
  }

  /**
   * A partition: the port moves to the island bridge, where it reaches only the other islanders.
   */
  void isolate(String port) {
    NetworkNamespaces.ip(switchNamespace, "link", "set", port, "master", ISLAND);
  }

  /** Back from the island to the main bridge. */
  void rejoin(String port) {
    NetworkNamespaces.ip(switchNamespace, "link", "set", port, "master", BRIDGE);
  }

  @Override
  public void close() {
    NetworkNamespaces.killAllAndDelete(switchNamespace);
  }
}
