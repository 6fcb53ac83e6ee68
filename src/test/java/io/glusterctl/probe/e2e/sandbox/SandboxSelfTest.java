package io.glusterctl.probe.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sandbox itself, without the program: pods with their own identity, cluster DNS, a pool formed
 * by hand with {@code gluster peer probe}, the kubelet's probes and restarts, deletes and
 * reschedules that keep glusterd's UUID, and a cleanup that leaves nothing behind. The probes here
 * are {@code gluster pool list} ({@link KubeletSettings#withoutProgram()}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxSelfTest {
  private static final Duration SHORT = Duration.ofSeconds(15);
  private static Sandbox sandbox;
  private static String machineHostname;

  @BeforeAll
  static void start() throws Exception {
    E2eAssumptions.assumeSandboxCanRun();
    machineHostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    sandbox =
        Sandbox.builder().replicas(3).kubelet(KubeletSettings.withoutProgram()).api(false).start();
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void podsHaveTheirOwnNameFilesAndEnvironment() throws Exception {
    Pod pod = sandbox.cluster().requirePod(1);
    assertThat(sandbox.cluster().exec(1, SHORT, "hostname").orThrow().stdout().strip())
        .isEqualTo("glusterfs-1");
    assertThat(sandbox.cluster().exec(1, SHORT, "cat", "/etc/resolv.conf").orThrow().stdout())
        .contains("search default.svc.cluster.local svc.cluster.local cluster.local")
        .contains("options ndots:5")
        .contains("nameserver 10.77.0.2");
    assertThat(sandbox.cluster().exec(1, SHORT, "cat", "/etc/hosts").orThrow().stdout())
        .contains(pod.address() + "\tglusterfs-1.glusterfs.default.svc.cluster.local\tglusterfs-1");
    assertThat(
            sandbox
                .cluster()
                .exec(1, SHORT, "sh", "-c", "echo $POD_NAME $POD_NAMESPACE")
                .orThrow()
                .stdout()
                .strip())
        .isEqualTo("glusterfs-1 default");
    assertThat(
            sandbox
                .cluster()
                .exec(1, SHORT, "cat", "/var/run/secrets/kubernetes.io/serviceaccount/namespace")
                .orThrow()
                .stdout())
        .isEqualTo("default");
    assertThat(sandbox.cluster().exec(1, SHORT, "ls", "/run").orThrow().stdout())
        .contains("glusterd.socket");
    // the container's PID 1 is the image's init (tini), in a PID namespace of its own, and glusterd
    // runs under it; an exec sees the container's processes, not the machine's
    long pid = pod.containerPid().orElseThrow();
    assertThat(Files.readString(Path.of("/proc/" + pid + "/comm")).strip()).isEqualTo("tini");
    assertThat(pod.containerProcesses())
        .anySatisfy(p -> assertThat(p.comm()).isEqualTo("glusterd"))
        .anySatisfy(
            p -> {
              assertThat(p.containerPid()).isEqualTo(1);
              assertThat(p.hostPid()).isEqualTo(pid);
            });
    assertThat(sandbox.cluster().exec(1, SHORT, "cat", "/proc/1/comm").orThrow().stdout().strip())
        .isEqualTo("tini");
    // the volume is the pod's /var/lib/glusterd
    assertThat(sandbox.glusterPod(1).uuid()).isPresent();
    assertThat(
            sandbox
                .cluster()
                .exec(1, SHORT, "cat", "/var/lib/glusterd/glusterd.info")
                .orThrow()
                .stdout())
        .contains("UUID=" + sandbox.glusterPod(1).uuid().orElseThrow());
    // the machine's own name is untouched
    assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip())
        .isEqualTo(machineHostname);
  }

  @Test
  @Order(2)
  void clusterDnsAnswersInsidePods() {
    String py = "import socket,sys; print(socket.gethostbyname(sys.argv[1]))";
    CommandResult r = sandbox.cluster().exec(0, SHORT, "python3", "-c", py, sandbox.fqdn(2));
    assertThat(r.orThrow().stdout().strip()).isEqualTo(sandbox.cluster().requirePod(2).address());
    // the headless Service's own name has every pod
    String all = "import socket,sys; print(sorted(socket.gethostbyname_ex(sys.argv[1])[2]))";
    assertThat(
            sandbox
                .cluster()
                .exec(0, SHORT, "python3", "-c", all, sandbox.serviceDomain())
                .orThrow()
                .stdout())
        .contains(
            sandbox.cluster().requirePod(0).address(),
            sandbox.cluster().requirePod(1).address(),
            sandbox.cluster().requirePod(2).address());
    assertThat(sandbox.dnsRecords())
        .containsOnlyKeys(sandbox.fqdn(0), sandbox.fqdn(1), sandbox.fqdn(2));
  }

  @Test
  @Order(3)
  void aPoolFormsByHandWithPeerProbeByFqdn() {
    assertThat(sandbox.glusterPod(0).gluster("peer", "probe", sandbox.fqdn(1)).orThrow().stdout())
        .contains("success");
    assertThat(sandbox.glusterPod(0).gluster("peer", "probe", sandbox.fqdn(2)).orThrow().stdout())
        .contains("success");
    int periods = sandbox.pool().awaitConverged(Set.of(0, 1, 2), 10);
    System.out.println(
        "[sandbox] a pool formed by hand converged in " + periods + " probe period(s)");
  }

  @Test
  @Order(4)
  void theKubeletRunsProbesAndPodsBecomeReady() {
    long end = System.nanoTime() + sandbox.probePeriod().multipliedBy(3).toNanos();
    while (System.nanoTime() < end
        && !(sandbox.cluster().ready(0)
            && sandbox.cluster().ready(1)
            && sandbox.cluster().ready(2))) {
      NetworkNamespaces.sleep(Duration.ofMillis(200));
    }
    assertThat(
            List.of(
                sandbox.cluster().ready(0), sandbox.cluster().ready(1), sandbox.cluster().ready(2)))
        .containsOnly(true);
    List<ProbeRun> liveness = sandbox.glusterPod(0).probeRuns(ProbeKind.LIVENESS);
    assertThat(liveness).isNotEmpty().anyMatch(ProbeRun::succeeded);
    assertThat(sandbox.cluster().restarts(0)).isZero();
    assertThat(sandbox.glusterPod(0).probeRuns(ProbeKind.READINESS)).isNotEmpty();
    // the tcpSocket startup probe on glusterd's port passed before liveness ran
    List<ProbeRun> startup = sandbox.glusterPod(0).probeRuns(ProbeKind.STARTUP);
    assertThat(startup).isNotEmpty().last().satisfies(r -> assertThat(r.succeeded()).isTrue());
    assertThat(startup.get(startup.size() - 1).at()).isBefore(liveness.get(0).at());
  }

  @Test
  @Order(5)
  void aDeletedPodComesBackWithItsVolumeAndUuid() {
    String uuid = sandbox.glusterPod(1).uuid().orElseThrow();
    Pod before = sandbox.cluster().requirePod(1);
    sandbox.cluster().deletePod(1);
    Pod after = sandbox.cluster().awaitNewPod(1, before.incarnation(), Duration.ofSeconds(60));
    assertThat(after.netns()).isNotEqualTo(before.netns());
    assertThat(after.address()).isNotEqualTo(before.address());
    assertThat(sandbox.dnsRecords()).containsEntry(sandbox.fqdn(1), after.address());
    assertThat(sandbox.glusterPod(1).uuid()).contains(uuid);
    int periods =
        sandbox
            .pool()
            .awaitConverged(Set.of(0, 1, 2), 15 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
    System.out.println(
        "[sandbox] after a pod delete the pool converged in " + periods + " probe period(s)");
    assertThat(sandbox.glusterPod(0).peerStatus())
        .filteredOn(p -> p.knownAs(sandbox.fqdn(1)))
        .singleElement()
        .extracting(p -> p.uuid())
        .isEqualTo(uuid);
  }

  @Test
  @Order(6)
  void failingLivenessRestartsTheContainer() {
    Pod pod = sandbox.cluster().requirePod(2);
    long pid = pod.glusterdPid().orElseThrow();
    int restarts = sandbox.cluster().restarts(2);
    // a hung glusterd: the CLI waits, the probe times out, three failures restart the container
    Command.run(SHORT, "kill", "-STOP", Long.toString(pid)).orThrow();
    // three probes that each run into their timeout, then preStop-less SIGTERM and SIGKILL after
    // the grace
    long end = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (System.nanoTime() < end && sandbox.cluster().restarts(2) == restarts) {
      NetworkNamespaces.sleep(Duration.ofMillis(200));
    }
    assertThat(sandbox.cluster().restarts(2)).isEqualTo(restarts + 1);
    assertThat(sandbox.glusterPod(2).probeRuns(ProbeKind.LIVENESS))
        .anyMatch(ProbeRun::timedOutOrFailed);
    assertThat(ProcessHandle.of(pid)).isEmpty();
    sandbox.pool().awaitConverged(Set.of(0, 1, 2), 10);
    assertThat(pod.glusterdPid()).as("the restarted container's glusterd").isPresent();
    assertThat(pod.glusterdPid().getAsLong()).isNotEqualTo(pid);
  }

  @Test
  @Order(7)
  void aPodOnANodeThatIsDownIsRescheduled() {
    sandbox.cluster().nodeDown(2);
    Pod frozen = sandbox.cluster().requirePod(2);
    assertThat(sandbox.dnsRecords()).containsKey(sandbox.fqdn(2));
    assertThat(sandbox.glusterPod(0).peerStatus()).anyMatch(p -> p.knownAs(sandbox.fqdn(2)));
    Pod moved = sandbox.cluster().reschedule(2);
    assertThat(moved.netns()).isNotEqualTo(frozen.netns());
    sandbox
        .pool()
        .awaitConverged(Set.of(0, 1, 2), 15 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
  }

  @Test
  @Order(8)
  void partitionsAndDnsFaultsComeAndGo() {
    assertThat(connectFrom(0, 2)).startsWith("reached");
    sandbox.faults().partition(2);
    assertThat(connectFrom(0, 2)).startsWith("unreachable");
    assertThat(connectFrom(0, 1)).startsWith("reached");
    sandbox.faults().heal();
    assertThat(connectFrom(0, 2)).startsWith("reached");

    String resolve =
        "import socket,sys\ntry:\n print(socket.gethostbyname(sys.argv[1]))\n"
            + "except OSError as e:\n print('unresolved', e)";
    sandbox.faults().stopDns();
    assertThat(sandbox.cluster().exec(0, SHORT, "python3", "-c", resolve, sandbox.fqdn(1)).stdout())
        .startsWith("unresolved");
    sandbox.faults().startDns();
    assertThat(
            sandbox
                .cluster()
                .exec(0, SHORT, "python3", "-c", resolve, sandbox.fqdn(1))
                .stdout()
                .strip())
        .isEqualTo(sandbox.cluster().requirePod(1).address());
  }

  /**
   * "reached" or "unreachable ...": a TCP connect from pod {@code from} to glusterd of {@code to}.
   */
  private static String connectFrom(int from, int to) {
    String connect =
        "import socket,sys\ntry:\n socket.create_connection((sys.argv[1],24007),2); print('reached')\n"
            + "except OSError as e:\n print('unreachable', e)";
    String address = sandbox.cluster().requirePod(to).address();
    return sandbox.cluster().exec(from, SHORT, "python3", "-c", connect, address).stdout();
  }

  @Test
  @Order(9)
  void aLostVolumeComesBackEmptyWithANewUuid() {
    String uuid = sandbox.glusterPod(2).uuid().orElseThrow();
    sandbox.cluster().nodeDown(2);
    sandbox.faults().loseVolume(2);
    sandbox.cluster().reschedule(2);
    sandbox.glusterPod(2).awaitAnswers(Duration.ofSeconds(60));
    assertThat(sandbox.glusterPod(2).uuid()).isPresent().isNotEqualTo(java.util.Optional.of(uuid));
    assertThat(sandbox.glusterPod(2).peerStatus()).isEmpty();
  }

  @Test
  @Order(10)
  void closingLeavesNoNamespaceOrProcessBehind() throws Exception {
    List<Long> pids =
        sandbox.cluster().podOrdinals().stream()
            .map(o -> sandbox.cluster().requirePod(o).containerPid().orElseThrow())
            .toList();
    String prefix = sandbox.prefix();
    sandbox.close();
    CommandResult netns = Command.run(SHORT, "ip", "netns", "list");
    assertThat(netns.stdout()).doesNotContain(prefix);
    assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).isEmpty());
  }
}
