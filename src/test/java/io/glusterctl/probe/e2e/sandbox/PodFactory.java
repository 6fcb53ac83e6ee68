package io.glusterctl.probe.e2e.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the sandbox makes and removes pods for the {@link StatefulSetController}, as the kubelet and
 * the container runtime would: a new network namespace on the bridge with a new address, the pod's
 * files, the PersistentVolume of its ordinal, its DNS records (published while it exists), the
 * container environment of the manifest, and a {@link Kubelet} that starts the container.
 */
final class PodFactory implements StatefulSetController.PodRuntime {
  private final SandboxSettings settings;
  private final String prefix;
  private final Path dir;
  private final SandboxNetwork network;
  private final PersistentVolumes volumes;
  private final ClusterDns dns;
  private final EventLog log;
  private final Map<Integer, Pod> existing = new TreeMap<>();
  private final Map<Integer, Integer> incarnations = new HashMap<>();
  private String apiAddress;
  private String token = "";
  private byte[] caCert = new byte[0];
  private volatile boolean closed;

  PodFactory(
      SandboxSettings settings,
      String prefix,
      Path dir,
      SandboxNetwork network,
      PersistentVolumes volumes,
      ClusterDns dns,
      EventLog log) {
    this.settings = settings;
    this.prefix = prefix;
    this.dir = dir;
    this.network = network;
    this.volumes = volumes;
    this.dns = dns;
    this.log = log;
  }

  /** Pods made from now on get the API's address, the service-account token and the API's CA. */
  synchronized void useApi(String address, String token, byte[] caCert) {
    this.apiAddress = address;
    this.token = token;
    this.caCert = caCert.clone();
  }

  /** No DNS updates any more: the sandbox is being taken down. */
  void close() {
    closed = true;
  }

  String podName(int ordinal) {
    return settings.statefulSet() + "-" + ordinal;
  }

  String fqdn(int ordinal) {
    return podName(ordinal)
        + "."
        + settings.service()
        + "."
        + settings.namespace()
        + ".svc.cluster.local";
  }

  @Override
  public Kubelet create(int ordinal) {
    int n;
    synchronized (incarnations) {
      n = incarnations.merge(ordinal, 1, Integer::sum) - 1;
    }
    String name = podName(ordinal);
    String netns = prefix + "-p" + ordinal + (n == 0 ? "" : "-" + n);
    String port = "p" + ordinal + "i" + n;
    String address = network.nextPodAddress();
    Path podDir = dir.resolve("pods").resolve(name + "-" + n);
    Path volume = volumes.claim(ordinal);
    Pod pod;
    synchronized (this) {
      pod =
          new Pod(
              ordinal,
              name,
              fqdn(ordinal),
              n,
              netns,
              port,
              address,
              podDir,
              volume,
              dir.resolve("pod-exec.sh"),
              environment(name));
      pod.prepare(dns.address(), settings.namespace(), token, caCert);
    }
    NetworkNamespaces.create(netns);
    network.attach(netns, port, address);
    synchronized (existing) {
      existing.put(ordinal, pod);
      publishDns();
    }
    log.event(name + ": pod created (" + netns + ", " + address + ", incarnation " + n + ")");
    Kubelet k =
        new Kubelet(
            pod,
            settings.kubelet(),
            settings.timeScale(),
            log,
            ImageEntrypoint.argv(SandboxSettings.repoDir(), dir.resolve("entrypoint.sh")));
    k.start();
    return k;
  }

  @Override
  public void delete(Kubelet k, String why) {
    k.terminate(why);
    remove(k.pod());
    log.event(k.pod().name() + ": pod deleted");
  }

  /**
   * The pod's processes are killed, its namespace and switch port removed, its DNS records dropped.
   */
  void remove(Pod pod) {
    pod.killAllProcesses();
    NetworkNamespaces.killAllAndDelete(pod.netns());
    network.detach(pod.switchPort());
    synchronized (existing) {
      if (existing.get(pod.ordinal()) == pod) {
        existing.remove(pod.ordinal());
        if (!closed) {
          publishDns();
        }
      }
    }
  }

  private void publishDns() {
    Map<String, String> records = new LinkedHashMap<>();
    existing.values().forEach(p -> records.put(p.fqdn(), p.address()));
    dns.publish(records);
  }

  /**
   * The container's environment: what the kubelet sets ({@code KUBERNETES_SERVICE_HOST/PORT} when
   * there is an API), the manifest's env (the downward API's {@code POD_NAME}/{@code
   * POD_NAMESPACE}/{@code POD_UID} and the {@code GLUSTERCTL_*} settings, their times scaled:
   * delays by the factor, timeouts by the timeout factor), then the settings' extra env.
   */
  private Map<String, String> environment(String podName) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(
        "PATH",
        dir.resolve("bin") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("HOME", "/root");
    env.put("LANG", "C.UTF-8");
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null) {
      env.put("JAVA_HOME", javaHome);
    }
    env.put("POD_NAME", podName);
    env.put("POD_NAMESPACE", settings.namespace());
    // the downward API's metadata.uid: a new one for each pod object the controller creates
    env.put("POD_UID", java.util.UUID.randomUUID().toString());
    if (apiAddress != null) {
      env.put("KUBERNETES_SERVICE_HOST", apiAddress);
      env.put("KUBERNETES_SERVICE_PORT", Integer.toString(ApiServerProcess.PORT));
    }
    TimeScale t = settings.timeScale();
    env.put("GLUSTERCTL_SERVICE", settings.service());
    env.put("GLUSTERCTL_STATEFULSET", settings.statefulSet());
    env.put("GLUSTERCTL_PORT_NAME", settings.portName());
    env.put("GLUSTERCTL_MEMBERS_FROM", "auto");
    env.put("GLUSTERCTL_DEADLINE", t.timeoutOptionValue(Duration.ofSeconds(20)));
    env.put("GLUSTERCTL_GLUSTER_TIMEOUT", t.timeoutOptionValue(Duration.ofSeconds(8)));
    env.put("GLUSTERCTL_GLUSTERD_DIR", "/var/lib/glusterd");
    env.put("GLUSTERCTL_STATE_DIR", "/var/lib/glusterctl-probe");
    env.put("GLUSTERCTL_SURPLUS_GRACE", t.optionValue(Duration.ofMinutes(10)));
    env.put("GLUSTERCTL_STUCK_GRACE", t.optionValue(Duration.ofMinutes(3)));
    env.put("GLUSTERCTL_LOCK_WAIT", t.timeoutOptionValue(Duration.ofSeconds(5)));
    env.put("GLUSTERCTL_HEAL_UNKNOWN_GRACE", t.optionValue(Duration.ofMinutes(5)));
    env.put("GLUSTERCTL_OUTPUT", "text");
    env.putAll(settings.env());
    return env;
  }
}
