package io.glusterctl.probe.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Cluster DNS for the headless Service: dnsmasq in a network namespace of its own, attached to the
 * sandbox bridge. For every pod that exists it serves
 *
 * <ul>
 *   <li>an A record {@code <pod>.<service>.<namespace>.svc.cluster.local} (and its PTR, as
 *       Kubernetes does for a pod with {@code hostname} and {@code subdomain}),
 *   <li>the Service's own A record {@code <service>.<namespace>.svc.cluster.local} with every pod's
 *       address,
 *   <li>an SRV record {@code _<port name>._tcp.<service>...} pointing at the pod on port 24007,
 * </ul>
 *
 * <p>with {@code publishNotReadyAddresses: true} semantics: a record exists while its pod exists,
 * ready or not, terminating or frozen. Nothing is forwarded ({@code no-resolv}, {@code
 * local=/cluster.local/}). dnsmasq does not re-read {@code host-record}/{@code srv-host} on SIGHUP,
 * so every change restarts it; a query in that short window fails, as one can in a cluster.
 */
final class ClusterDns implements AutoCloseable {
  static final Duration START_DEADLINE = Duration.ofSeconds(10);

  private final Path dir;
  private final String namespace;
  private final String address;
  private final String serviceDomain;
  private final String portName;
  private final int port;
  private SortedMap<String, String> records = new TreeMap<>();
  private Process dnsmasq;
  private boolean wanted = true;

  /**
   * @param dir where the configuration and the log go
   * @param namespace the network namespace dnsmasq runs in (already attached to the bridge)
   * @param address the address it listens on, what pods have as {@code nameserver}
   * @param serviceDomain {@code <service>.<namespace>.svc.cluster.local}
   */
  ClusterDns(
      Path dir, String namespace, String address, String serviceDomain, String portName, int port) {
    this.dir = dir;
    this.namespace = namespace;
    this.address = address;
    this.serviceDomain = serviceDomain;
    this.portName = portName;
    this.port = port;
  }

  String address() {
    return address;
  }

  /** Serves exactly these pods (FQDN to address); restarts dnsmasq when that changes anything. */
  synchronized void publish(Map<String, String> podAddresses) {
    SortedMap<String, String> next = new TreeMap<>(podAddresses);
    if (next.equals(records) && (running() || !wanted)) {
      return;
    }
    records = next;
    if (wanted) {
      restart();
    }
  }

  synchronized Map<String, String> records() {
    return Map.copyOf(records);
  }

  /** Fault: cluster DNS is down until {@link #start()}. */
  synchronized void stop() {
    wanted = false;
    kill();
  }

  synchronized void start() {
    wanted = true;
    restart();
  }

  synchronized boolean running() {
    return dnsmasq != null && dnsmasq.isAlive();
  }

  private void restart() {
    kill();
    Path conf = dir.resolve("dnsmasq.conf");
    Path log = dir.resolve("dnsmasq.log");
    try {
      Files.writeString(conf, configuration(), StandardCharsets.UTF_8);
      Files.writeString(log, "", StandardCharsets.UTF_8);
      dnsmasq =
          NetworkNamespaces.start(
              namespace,
              List.of("dnsmasq", "--keep-in-foreground", "--conf-file=" + conf, "--log-facility=-"),
              log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start dnsmasq", e);
    }
    long end = System.nanoTime() + START_DEADLINE.toNanos();
    while (System.nanoTime() < end) {
      String text = read(log);
      if (text.contains("cleared cache") || text.contains("using only locally-known")) {
        return;
      }
      if (!dnsmasq.isAlive()) {
        throw new SandboxException("dnsmasq exited: " + text);
      }
      NetworkNamespaces.sleep(Duration.ofMillis(20));
    }
    throw new SandboxException("dnsmasq did not start within " + START_DEADLINE + ": " + read(log));
  }

  private void kill() {
    if (dnsmasq == null) {
      return;
    }
    Command.stop(dnsmasq, Duration.ofSeconds(5));
    dnsmasq = null;
  }

  String configuration() {
    StringBuilder c = new StringBuilder();
    c.append("no-resolv\nno-hosts\nlocal=/cluster.local/\nbind-interfaces\nuser=root\n");
    c.append("listen-address=").append(address).append('\n');
    // pods first: the first name of an address is its PTR answer
    records.forEach(
        (fqdn, ip) -> c.append("host-record=").append(fqdn).append(',').append(ip).append('\n'));
    records.forEach(
        (fqdn, ip) ->
            c.append("host-record=").append(serviceDomain).append(',').append(ip).append('\n'));
    int weight = records.isEmpty() ? 0 : 100 / records.size();
    records
        .keySet()
        .forEach(
            fqdn ->
                c.append("srv-host=_")
                    .append(portName)
                    .append("._tcp.")
                    .append(serviceDomain)
                    .append(',')
                    .append(fqdn)
                    .append(',')
                    .append(port)
                    .append(",0,")
                    .append(weight)
                    .append('\n'));
    return c.toString();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public synchronized void close() {
    wanted = false;
    kill();
  }
}
