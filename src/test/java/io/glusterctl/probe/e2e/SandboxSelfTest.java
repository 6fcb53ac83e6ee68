package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.KubeletSettings;
import io.glusterctl.probe.e2e.sandbox.Pod;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
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
    Pod pod = sandbox.requirePod(1);
    assertThat(sandbox.exec(1, SHORT, "hostname").orThrow().stdout().strip())
        .isEqualTo("glusterfs-1");
    assertThat(sandbox.exec(1, SHORT, "cat", "/etc/resolv.conf").orThrow().stdout())
        .contains("search default.svc.cluster.local svc.cluster.local cluster.local")
        .contains("options ndots:5")
        .contains("nameserver 10.77.0.2");
    assertThat(sandbox.exec(1, SHORT, "cat", "/etc/hosts").orThrow().stdout())
        .contains(pod.address() + "\tglusterfs-1.glusterfs.default.svc.cluster.local\tglusterfs-1");
    assertThat(
            sandbox
                .exec(1, SHORT, "sh", "-c", "echo $POD_NAME $POD_NAMESPACE")
                .orThrow()
                .stdout()
                .strip())
        .isEqualTo("glusterfs-1 default");
    assertThat(
            sandbox
                .exec(1, SHORT, "cat", "/var/run/secrets/kubernetes.io/serviceaccount/namespace")
                .orThrow()
                .stdout())
        .isEqualTo("default");
    assertThat(sandbox.exec(1, SHORT, "ls", "/run").orThrow().stdout()).contains("glusterd.socket");
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
    assertThat(sandbox.exec(1, SHORT, "cat", "/proc/1/comm").orThrow().stdout().strip())
        .isEqualTo("tini");
    // the volume is the pod's /var/lib/glusterd
    assertThat(sandbox.uuid(1)).isPresent();
    assertThat(sandbox.exec(1, SHORT, "cat", "/var/lib/glusterd/glusterd.info").orThrow().stdout())
        .contains("UUID=" + sandbox.uuid(1).orElseThrow());
    // the machine's own name is untouched
    assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip())
        .isEqualTo(machineHostname);
  }

  @Test
  @Order(2)
  void clusterDnsAnswersInsidePods() {
    String py = "import socket,sys; print(socket.gethostbyname(sys.argv[1]))";
    CommandResult r = sandbox.exec(0, SHORT, "python3", "-c", py, sandbox.fqdn(2));
    assertThat(r.orThrow().stdout().strip()).isEqualTo(sandbox.requirePod(2).address());
    // the headless Service's own name has every pod
    String all = "import socket,sys; print(sorted(socket.gethostbyname_ex(sys.argv[1])[2]))";
    assertThat(
            sandbox
                .exec(0, SHORT, "python3", "-c", all, sandbox.serviceDomain())
                .orThrow()
                .stdout())
        .contains(
            sandbox.requirePod(0).address(),
            sandbox.requirePod(1).address(),
            sandbox.requirePod(2).address());
    assertThat(sandbox.dnsRecords())
        .containsOnlyKeys(sandbox.fqdn(0), sandbox.fqdn(1), sandbox.fqdn(2));
  }

  @Test
  @Order(3)
  void aPoolFormsByHandWithPeerProbeByFqdn() {
    assertThat(sandbox.gluster(0, "peer", "probe", sandbox.fqdn(1)).orThrow().stdout())
        .contains("success");
    assertThat(sandbox.gluster(0, "peer", "probe", sandbox.fqdn(2)).orThrow().stdout())
        .contains("success");
    int periods = sandbox.awaitConverged(Set.of(0, 1, 2), 10);
    System.out.println(
        "[sandbox] a pool formed by hand converged in " + periods + " probe period(s)");
  }

  @Test
  @Order(4)
  void theKubeletRunsProbesAndPodsBecomeReady() {
    long end = System.nanoTime() + sandbox.probePeriod().multipliedBy(3).toNanos();
    while (System.nanoTime() < end && !(sandbox.ready(0) && sandbox.ready(1) && sandbox.ready(2))) {
      sleep(Duration.ofMillis(200));
    }
    assertThat(List.of(sandbox.ready(0), sandbox.ready(1), sandbox.ready(2))).containsOnly(true);
    List<ProbeRun> liveness = sandbox.probeRuns(0, ProbeKind.LIVENESS);
    assertThat(liveness).isNotEmpty().anyMatch(ProbeRun::succeeded);
    assertThat(sandbox.restarts(0)).isZero();
    assertThat(sandbox.probeRuns(0, ProbeKind.READINESS)).isNotEmpty();
    // the tcpSocket startup probe on glusterd's port passed before liveness ran
    List<ProbeRun> startup = sandbox.probeRuns(0, ProbeKind.STARTUP);
    assertThat(startup).isNotEmpty().last().satisfies(r -> assertThat(r.succeeded()).isTrue());
    assertThat(startup.get(startup.size() - 1).at()).isBefore(liveness.get(0).at());
  }

  @Test
  @Order(5)
  void aDeletedPodComesBackWithItsVolumeAndUuid() {
    String uuid = sandbox.uuid(1).orElseThrow();
    Pod before = sandbox.requirePod(1);
    sandbox.deletePod(1);
    Pod after = sandbox.awaitNewPod(1, before.incarnation(), Duration.ofSeconds(60));
    assertThat(after.netns()).isNotEqualTo(before.netns());
    assertThat(after.address()).isNotEqualTo(before.address());
    assertThat(sandbox.dnsRecords()).containsEntry(sandbox.fqdn(1), after.address());
    assertThat(sandbox.uuid(1)).contains(uuid);
    int periods =
        sandbox.awaitConverged(
            Set.of(0, 1, 2), 15 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
    System.out.println(
        "[sandbox] after a pod delete the pool converged in " + periods + " probe period(s)");
    assertThat(sandbox.peerStatus(0))
        .filteredOn(p -> p.knownAs(sandbox.fqdn(1)))
        .singleElement()
        .extracting(p -> p.uuid())
        .isEqualTo(uuid);
  }

  @Test
  @Order(6)
  void failingLivenessRestartsTheContainer() {
    Pod pod = sandbox.requirePod(2);
    long pid = pod.glusterdPid().orElseThrow();
    int restarts = sandbox.restarts(2);
    // a hung glusterd: the CLI waits, the probe times out, three failures restart the container
    io.glusterctl.probe.e2e.sandbox.Command.run(SHORT, "kill", "-STOP", Long.toString(pid))
        .orThrow();
    // three probes that each run into their timeout, then preStop-less SIGTERM and SIGKILL after
    // the grace
    long end = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (System.nanoTime() < end && sandbox.restarts(2) == restarts) {
      sleep(Duration.ofMillis(200));
    }
    assertThat(sandbox.restarts(2)).isEqualTo(restarts + 1);
    assertThat(sandbox.probeRuns(2, ProbeKind.LIVENESS)).anyMatch(ProbeRun::timedOutOrFailed);
    assertThat(pod.glusterdPid().orElseThrow()).isNotEqualTo(pid);
    assertThat(ProcessHandle.of(pid)).isEmpty();
    sandbox.awaitConverged(Set.of(0, 1, 2), 10);
  }

  @Test
  @Order(7)
  void aPodOnANodeThatIsDownIsRescheduled() {
    sandbox.nodeDown(2);
    Pod frozen = sandbox.requirePod(2);
    assertThat(sandbox.dnsRecords()).containsKey(sandbox.fqdn(2));
    assertThat(sandbox.peerStatus(0)).anyMatch(p -> p.knownAs(sandbox.fqdn(2)));
    Pod moved = sandbox.reschedule(2);
    assertThat(moved.netns()).isNotEqualTo(frozen.netns());
    sandbox.awaitConverged(Set.of(0, 1, 2), 15 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
  }

  @Test
  @Order(8)
  void partitionsAndDnsFaultsComeAndGo() {
    String connect =
        "import socket,sys\ntry:\n socket.create_connection((sys.argv[1],24007),2); print('reached')\n"
            + "except OSError as e:\n print('unreachable', e)";
    assertThat(
            sandbox
                .exec(0, SHORT, "python3", "-c", connect, sandbox.requirePod(2).address())
                .stdout())
        .startsWith("reached");
    sandbox.partition(2);
    assertThat(
            sandbox
                .exec(0, SHORT, "python3", "-c", connect, sandbox.requirePod(2).address())
                .stdout())
        .startsWith("unreachable");
    assertThat(
            sandbox
                .exec(0, SHORT, "python3", "-c", connect, sandbox.requirePod(1).address())
                .stdout())
        .startsWith("reached");
    sandbox.heal();
    assertThat(
            sandbox
                .exec(0, SHORT, "python3", "-c", connect, sandbox.requirePod(2).address())
                .stdout())
        .startsWith("reached");

    String resolve =
        "import socket,sys\ntry:\n print(socket.gethostbyname(sys.argv[1]))\n"
            + "except OSError as e:\n print('unresolved', e)";
    sandbox.stopDns();
    assertThat(sandbox.exec(0, SHORT, "python3", "-c", resolve, sandbox.fqdn(1)).stdout())
        .startsWith("unresolved");
    sandbox.startDns();
    assertThat(sandbox.exec(0, SHORT, "python3", "-c", resolve, sandbox.fqdn(1)).stdout().strip())
        .isEqualTo(sandbox.requirePod(1).address());
  }

  @Test
  @Order(9)
  void aLostVolumeComesBackEmptyWithANewUuid() {
    String uuid = sandbox.uuid(2).orElseThrow();
    sandbox.nodeDown(2);
    sandbox.loseVolume(2);
    sandbox.reschedule(2);
    sandbox.awaitGlusterd(Set.of(2), Duration.ofSeconds(60));
    assertThat(sandbox.uuid(2)).isPresent().isNotEqualTo(java.util.Optional.of(uuid));
    assertThat(sandbox.peerStatus(2)).isEmpty();
  }

  @Test
  @Order(10)
  void closingLeavesNoNamespaceOrProcessBehind() throws Exception {
    List<Long> pids =
        sandbox.podOrdinals().stream()
            .map(o -> sandbox.requirePod(o).containerPid().orElseThrow())
            .toList();
    String prefix = sandbox.prefix();
    sandbox.close();
    CommandResult netns = io.glusterctl.probe.e2e.sandbox.Command.run(SHORT, "ip", "netns", "list");
    assertThat(netns.stdout()).doesNotContain(prefix);
    assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).isEmpty());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
