package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import io.glusterctl.probe.e2e.sandbox.FakeKubeApiServer;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.RunbookSection;
import io.glusterctl.probe.packaging.Runbook;
import io.glusterctl.probe.reconcile.Reconciler;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.state.LockAttempt;
import io.glusterctl.probe.state.StateStore;
import io.glusterctl.probe.state.WriteResult;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The examples of docs/troubleshooting.md that no end-to-end test produces: each situation is made
 * of peer status, pool list and volume info captured from real glusterd 10.3 (test-fixtures/), a
 * stand-in gluster CLI that prints them ({@link FakeGluster}) and a stand-in API ({@link
 * FakeKubeApiServer}); the program runs in-process, and what it prints must show every line of the
 * runbook's block for that situation ({@link Runbook#assertShows}).
 */
class RunbookExamplesTest {
  private static final String TOKEN = "unit-token-not-secret";
  private static final String U0 = "0eb3bacf-13ce-452a-8eb7-f74357da77ef";
  private static final String U1 = "ebb353ee-8f0a-481a-b685-00761eac2483";
  private static final String U2 = "59678370-3ef4-4338-a0b4-e60a08cdaa7c";
  private static Path apiDir;
  private static FakeKubeApiServer api;

  @TempDir Path tmp;

  @BeforeAll
  static void startApi() throws IOException {
    apiDir = Files.createTempDirectory("runbook-api-");
    Files.writeString(apiDir.resolve("replicas"), "3\n");
    api =
        FakeKubeApiServer.start(
            new FakeKubeApiServer.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                apiDir.resolve("certs"),
                TOKEN,
                apiDir.resolve("replicas"),
                "default",
                "glusterfs"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopApi() throws IOException {
    if (api != null) {
      api.close();
    }
    try (var files = Files.walk(apiDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** What the API says about the StatefulSet: a replica count, or {@code status=403}. */
  private static void apiSays(String directive) throws IOException {
    Files.writeString(apiDir.resolve("replicas"), directive + "\n");
  }

  /**
   * A pod: its name and UUID, the gluster CLI it runs, its state directory; members from the API.
   * {@code more} are option-value pairs that replace those options' values (or are added).
   */
  private List<String> pod(String command, int ordinal, String uuid, FakeGluster g, String... more)
      throws IOException {
    Path glusterd = Files.createDirectories(tmp.resolve("glusterd"));
    Files.writeString(
        glusterd.resolve("glusterd.info"), "UUID=" + uuid + "\noperating-version=100000\n");
    Path token = Files.writeString(tmp.resolve("token"), TOKEN);
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--gluster",
                g.script.toString(),
                "--state-dir",
                stateDir(ordinal).toString(),
                "--glusterd-dir",
                glusterd.toString(),
                "--members-from",
                "api",
                "--api-url",
                api.url(),
                "--token-file",
                token.toString(),
                "--ca-file",
                api.caFile().toString(),
                "--resolv-conf",
                tmp.resolve("no-resolv.conf").toString(),
                "--pod-name",
                "glusterfs-" + ordinal,
                "--namespace",
                "default",
                "--cluster-domain",
                "cluster.local",
                "--deadline",
                "20s",
                "--gluster-timeout",
                "3s"));
    for (int i = 0; i + 1 < more.length; i += 2) {
      int at = args.indexOf(more[i]);
      if (at >= 0) {
        args.set(at + 1, more[i + 1]);
      } else {
        args.addAll(List.of(more[i], more[i + 1]));
      }
    }
    return args;
  }

  /** Pod {@code ordinal}'s state directory (its PersistentVolume's, one per pod). */
  private Path stateDir(int ordinal) {
    return tmp.resolve("state-" + ordinal);
  }

  /**
   * What {@code status} also reads for people: brick processes and heals of v1, every brick online
   * and nothing to heal (captured with volume-info-replica3.xml's pool, capture-volumes.sh).
   */
  private static final String VOLUME_STATUS_AND_HEALS =
      "  *'volume status all'*) "
          + FakeGluster.cat("volume-status-replica3.xml")
          + " ;;\n"
          + "  *'volume heal v1 info summary'*) "
          + FakeGluster.cat("heal-info-summary-healthy.xml")
          + " ;;\n";

  /**
   * A gluster CLI whose own {@code peer status} prints {@code own}, whose read-only views of the
   * others print {@code others}, and whose {@code volume info} prints {@code volumes}.
   */
  private FakeGluster gluster(String own, String others, String volumes) throws IOException {
    return FakeGluster.write(
        tmp,
        "case \"$*\" in\n"
            + "  *remote-host=*'peer status'*) "
            + FakeGluster.cat(others)
            + " ;;\n"
            + "  *remote-host=*'pool list'*) "
            + FakeGluster.cat("remote-host-pool-list-3.xml")
            + " ;;\n"
            + "  *'peer status'*) "
            + FakeGluster.cat(own)
            + " ;;\n"
            + "  *'volume info'*) "
            + FakeGluster.cat(volumes)
            + " ;;\n"
            + VOLUME_STATUS_AND_HEALS
            + "  *) echo unexpected \"$*\" >&2; exit 1 ;;\n"
            + "esac");
  }

  private static String printed(Cli.Run r) {
    return r.out() + r.err();
  }

  @Test
  void peerRejected() throws Exception {
    apiSays("3");
    FakeGluster pod2 =
        gluster(
            "peer-status-rejected-self.xml",
            "peer-status-rejected.xml",
            "volume-info-replica3.xml");

    Cli.Run status = Cli.run(pod("status", 2, U2, pod2));
    Runbook.assertShows("status", "peer-rejected", printed(status));
    Cli.Run liveness = Cli.run(pod("liveness", 2, U2, pod2));
    assertThat(liveness.exitCode()).as(liveness.toString()).isEqualTo(ExitCodes.REPAIR_PENDING);
    Runbook.assertShows("liveness", "peer-rejected", printed(liveness));

    FakeGluster pod0 =
        gluster("peer-status-rejected.xml", "peer-status-rejected.xml", "volume-info-replica3.xml");
    Runbook.assertShows(
        "status", "peer-rejected-seen-by-others", printed(Cli.run(pod("status", 0, U0, pod0))));
  }

  @Test
  void aRejectionThePoolDoesNotConfirm() throws Exception {
    apiSays("3");
    // pod 2 lists both peers as rejected; glusterfs-0 rejects it, glusterfs-1 lists it in the pool
    FakeGluster pod2 =
        FakeGluster.write(
            tmp,
            "case \"$*\" in\n"
                + "  *remote-host=glusterfs-0.*'peer status'*) "
                + FakeGluster.cat("peer-status-rejected.xml")
                + " ;;\n"
                + "  *remote-host=glusterfs-1.*'peer status'*) "
                + FakeGluster.cat("peer-status-2-peers.xml")
                + " ;;\n"
                + "  *'peer status'*) "
                + FakeGluster.cat("peer-status-rejected-self.xml")
                + " ;;\n"
                + "  *'volume info'*) "
                + FakeGluster.cat("volume-info-replica3.xml")
                + " ;;\n"
                + VOLUME_STATUS_AND_HEALS
                + "  *) echo unexpected \"$*\" >&2; exit 1 ;;\n"
                + "esac");
    Runbook.assertShows(
        "status", "peer-rejected-unconfirmed", printed(Cli.run(pod("status", 2, U2, pod2))));
    Cli.Run liveness = Cli.run(pod("liveness", 2, U2, pod2));
    assertThat(liveness.exitCode()).as(liveness.toString()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void repairGivenUp() throws Exception {
    apiSays("3");
    StateStore store = new StateStore(stateDir(2), Time.SYSTEM);
    LockAttempt lock = store.lock(Duration.ofSeconds(1), "test");
    assertThat(lock).isInstanceOf(LockAttempt.Acquired.class);
    try (StateStore.Session s = ((LockAttempt.Acquired) lock).session()) {
      RepairLedger givenUp =
          new RepairLedger(
              Optional.empty(),
              RepairLedger.MAX_ATTEMPTS,
              Optional.of(Instant.parse("2026-12-02T03:00:00Z")),
              "drift done at 2026-12-02T03:00:00Z",
              true);
      assertThat(s.replace(RepairLedger.PREFIX, givenUp.toEntries()))
          .isInstanceOf(WriteResult.Written.class);
    }
    FakeGluster pod2 =
        gluster(
            "peer-status-rejected-self.xml",
            "peer-status-rejected.xml",
            "volume-info-replica3.xml");

    Cli.Run liveness = Cli.run(pod("liveness", 2, U2, pod2));
    assertThat(liveness.exitCode()).as(liveness.toString()).isEqualTo(ExitCodes.OK);
    Runbook.assertShows("liveness", "repair-given-up", printed(liveness));
    Runbook.assertShows("status", "repair-given-up", printed(Cli.run(pod("status", 2, U2, pod2))));
    Runbook.assertShows("repair", "repair-given-up", printed(Cli.run(pod("repair", 2, U2, pod2))));

    // re-armed by hand: without its state file the pod confirms the rejection afresh and asks again
    Files.delete(stateDir(2).resolve("state.json"));
    Cli.Run again = Cli.run(pod("liveness", 2, U2, pod2));
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.REPAIR_PENDING);
    Runbook.assertShows("liveness", "repair-re-armed", printed(again));
    Cli.Run byHand = Cli.run(pod("repair", 2, U2, pod2));
    assertThat(byHand.exitCode()).as(byHand.toString()).isEqualTo(ExitCodes.REPAIR_FAILED);
    Runbook.assertShows("repair", "repair-re-armed", printed(byHand));
  }

  @Test
  void handshakeUnderWay() throws Exception {
    apiSays("3");
    FakeGluster pod1 =
        gluster(
            "peer-status-sent-and-received.xml",
            "peer-status-2-peers.xml",
            "volume-info-replica3.xml");
    Runbook.assertShows("status", "handshake-stuck", printed(Cli.run(pod("status", 1, U1, pod1))));
  }

  @Test
  void desiredMemberDisconnected() throws Exception {
    apiSays("3");
    FakeGluster pod0 =
        gluster(
            "peer-status-disconnected.xml", "peer-status-2-peers.xml", "volume-info-replica3.xml");
    Cli.Run status = Cli.run(pod("status", 0, U0, pod0));
    Runbook.assertShows("status", "pod-disconnected", printed(status));
  }

  @Test
  void scaleDownOfABrickHost() throws Exception {
    apiSays("2");
    FakeGluster pod0 =
        gluster("peer-status-2-peers.xml", "peer-status-2-peers.xml", "volume-info-replica3.xml");
    Runbook.assertShows(
        "status", "scale-down-blocked", printed(Cli.run(pod("status", 0, U0, pod0))));
    FakeGluster pod2 =
        gluster("peer-status-2-peers.xml", "peer-status-2-peers.xml", "volume-info-replica3.xml");
    Cli.Run prestop = Cli.run(pod("prestop", 2, U2, pod2));
    assertThat(prestop.exitCode()).as(prestop.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    Runbook.assertShows("prestop", "scale-down-blocked", printed(prestop));
  }

  @Test
  void aNewPodThatDoesNotAnswer() throws Exception {
    apiSays("4");
    FakeGluster pod0 =
        gluster("peer-status-2-peers.xml", "peer-status-2-peers.xml", "volume-info-replica3.xml");
    Runbook.assertShows(
        "status", "new-pod-not-joining", printed(Cli.run(pod("status", 0, U0, pod0))));
  }

  @Test
  void glusterdHung() throws Exception {
    apiSays("3");
    FakeGluster hung =
        FakeGluster.write(tmp, FakeGluster.cat("timeout-peer-status.xml") + "; exit 1");
    Cli.Run status = Cli.run(pod("status", 2, U2, hung));
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.CANNOT_SEE);
    Runbook.assertShows("status", "glusterd-hung", printed(status));
    Cli.Run liveness = Cli.run(pod("liveness", 2, U2, hung));
    assertThat(liveness.exitCode()).as(liveness.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    Runbook.assertShows("liveness", "glusterd-hung", printed(liveness));
  }

  @Test
  void aRepairByHandWhileGlusterdHangs() throws Exception {
    apiSays("3");
    FakeGluster rejected =
        gluster(
            "peer-status-rejected-self.xml",
            "peer-status-rejected.xml",
            "volume-info-replica3.xml");
    Cli.Run liveness = Cli.run(pod("liveness", 2, U2, rejected));
    assertThat(liveness.exitCode()).as(liveness.toString()).isEqualTo(ExitCodes.REPAIR_PENDING);

    // then glusterd hangs: the CLI times out, and its process still works in the pod's directory
    FakeGluster hung =
        FakeGluster.write(tmp, FakeGluster.cat("timeout-peer-status.xml") + "; exit 1");
    Path glusterdDir = tmp.resolve("glusterd");
    FakeGlusterd glusterd = FakeGlusterd.startIn(tmp.resolve("bin"), glusterdDir);
    try {
      Cli.Run repair = Cli.run(pod("repair", 2, U2, hung));
      assertThat(repair.exitCode()).as(repair.toString()).isEqualTo(ExitCodes.REPAIR_FAILED);
      assertThat(repair.out()).contains("glusterd (pid " + glusterd.pid() + ") runs in ");
      Runbook.assertShows("repair", "glusterd-hung", printed(repair));
    } finally {
      glusterd.close();
    }
    assertThat(glusterdDir.resolve("glusterd.info")).exists();
    assertThat(stateDir(2).resolve("backups")).doesNotExist();
  }

  @Test
  void aLonePodBesideAPool() throws Exception {
    apiSays("3");
    // pod 0 is alone (a fresh glusterd); glusterfs-1 and -2 answer, each in a pool of 2 peers
    FakeGluster pod0 =
        gluster("peer-status-0-peers.xml", "peer-status-2-peers.xml", "volume-info-replica3.xml");
    CommandLine cl = Main.commandLine();
    cl.parseArgs(pod("status", 0, U0, pod0).toArray(String[]::new));
    StatusCommand status = cl.getSubcommands().get("status").getCommand();
    String printed;
    // status as its command runs it, but with every member's port answering: the TCP connect to
    // glusterfs-N.glusterfs.default.svc.cluster.local:24007 cannot be answered on this host
    try (Session s = Session.open(status.opts, status.spec)) {
      Reconciler.Pass pass =
          s.reconciler(host -> true)
              .observeAndPlan(s.self(), s.gluster().localPool().pool(), s.state().memory());
      printed = Report.table(pass.world(), pass.plan(), List.of());
    }
    Runbook.assertShows("status", "alone-beside-a-pool", printed);
    Cli.Run readiness = Cli.run(pod("readiness", 0, U0, pod0));
    assertThat(readiness.exitCode()).as(readiness.toString()).isEqualTo(ExitCodes.OK);
    Runbook.assertShows("readiness", "alone-beside-a-pool", printed(readiness));
  }

  @Test
  void aPeerThatIsNotOfTheStatefulSet() throws Exception {
    apiSays("3");
    FakeGluster pod0 =
        gluster("peer-status-2-peers.xml", "peer-status-2-peers.xml", "volume-info-replica3.xml");
    // the program is told Service "gluster"; the pool was formed with names of Service "glusterfs"
    Cli.Run status = Cli.run(pod("status", 0, U0, pod0, "--service", "gluster"));
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.OK);
    Runbook.assertShows("status", "unknown-peer", printed(status));

    // every finding names its section: under its line in the table, as a field in JSON
    List<String> lines = status.outLines();
    int findings = lines.indexOf("findings:");
    assertThat(findings).as(status.toString()).isPositive();
    List<String> rest = lines.subList(findings + 1, lines.size());
    assertThat(rest).as(status.toString()).hasSizeGreaterThanOrEqualTo(4);
    for (int i = 0; i + 1 < rest.size(); i += 2) {
      assertThat(rest.get(i + 1))
          .as("the line under " + rest.get(i))
          .startsWith("    see: docs/troubleshooting.md#");
    }
    Cli.Run json = Cli.run(pod("status", 0, U0, pod0, "--service", "gluster", "--output", "json"));
    JsonArray found = JsonParser.object().from(json.out()).getArray("findings");
    assertThat(found).as(json.toString()).isNotEmpty();
    for (Object o : found) {
      JsonObject f = (JsonObject) o;
      ReasonCode code = ReasonCode.valueOf(f.getString("reasonCode"));
      assertThat(f.getString("runbook"))
          .as(f.toString())
          .isEqualTo(RunbookSection.of(code).orElseThrow().link());
    }
  }

  @Test
  void aPodThatIsNotAStatefulSetPod() throws Exception {
    apiSays("3");
    FakeGluster g =
        gluster("peer-status-2-peers.xml", "peer-status-2-peers.xml", "volume-info-replica3.xml");
    String deploymentPod = "glusterfs-7d9f8c6b5-x2kqz";
    Cli.Run status = Cli.run(pod("status", 0, U0, g, "--pod-name", deploymentPod));
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.USAGE);
    Runbook.assertShows("status", "not-a-statefulset-pod", printed(status));
    Cli.Run liveness = Cli.run(pod("liveness", 0, U0, g, "--pod-name", deploymentPod));
    assertThat(liveness.exitCode()).as(liveness.toString()).isEqualTo(ExitCodes.USAGE);
    Runbook.assertShows("liveness", "not-a-statefulset-pod", printed(liveness));
    assertThat(g.calls()).as("gluster commands run").isEmpty();
    assertThat(stateDir(0)).doesNotExist();
  }

  @Test
  void aBrickOfflineThenHealsPending() throws Exception {
    apiSays("3");
    // pod 0 hosts a brick of started volume v1 (glusterd's store files captured with the heals)
    String node0 = "04ddef14-8fcf-49f9-8fb9-e0ed80af2af8";
    Path bricks = Files.createDirectories(tmp.resolve("glusterd/vols/v1/bricks"));
    Files.copy(Cli.fixture("store-vol-info-started.txt"), bricks.resolveSibling("info"));
    Files.copy(Cli.fixture("store-brick-node0.txt"), bricks.resolve("glusterfs-0:-srv-v1"));

    FakeGluster brickDown = healthyPoolWithHeals("heal-summary-brick-down.xml");
    Cli.Run offline = Cli.run(pod("readiness", 0, node0, brickDown));
    assertThat(offline.exitCode()).as(offline.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    Runbook.assertShows("readiness", "brick-offline", printed(offline));

    FakeGluster pending = healthyPoolWithHeals("heal-summary-pending.xml");
    Cli.Run healing = Cli.run(pod("readiness", 0, node0, pending));
    assertThat(healing.exitCode()).as(healing.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    Runbook.assertShows("readiness", "heals-pending", printed(healing));
  }

  /** A gluster CLI whose pool of 3 is healthy and whose heal query of v1 prints {@code heal}. */
  private FakeGluster healthyPoolWithHeals(String heal) throws IOException {
    return FakeGluster.write(
        tmp,
        "case \"$*\" in\n"
            + "  *'peer status'*) "
            + FakeGluster.cat("peer-status-2-peers.xml")
            + " ;;\n"
            + "  *'volume heal v1 info summary'*) "
            + FakeGluster.cat(heal)
            + " ;;\n"
            + "  *) echo unexpected \"$*\" >&2; exit 1 ;;\n"
            + "esac");
  }

  @Test
  void apiRefusesOrIsUnreachable() throws Exception {
    FakeGluster pod0 =
        gluster("peer-status-2-peers.xml", "peer-status-2-peers.xml", "volume-info-replica3.xml");
    apiSays("status=403");
    Cli.Run status = Cli.run(pod("status", 0, U0, pod0));
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(ExitCodes.CANNOT_SEE);
    Runbook.assertShows("status", "api-forbidden", printed(status));
    Runbook.assertShows(
        "liveness", "api-forbidden", printed(Cli.run(pod("liveness", 0, U0, pod0))));

    apiSays("3");
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Cli.Run unreachable =
        Cli.run(pod("status", 0, U0, pod0, "--api-url", "https://127.0.0.1:" + closed));
    Runbook.assertShows("status", "api-unreachable", printed(unreachable));
    Cli.Run prestop =
        Cli.run(pod("prestop", 2, U2, pod0, "--api-url", "https://127.0.0.1:" + closed));
    Runbook.assertShows("prestop", "api-unreachable", printed(prestop));
  }

  @Test
  void dnsUnreachable() throws Exception {
    FakeGluster pod0 =
        gluster("peer-status-2-peers.xml", "peer-status-2-peers.xml", "volume-info-replica3.xml");
    int closed;
    try (java.net.DatagramSocket s =
        new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Cli.Run liveness =
        Cli.run(
            pod(
                "liveness",
                0,
                U0,
                pod0,
                "--members-from",
                "dns",
                "--dns-server",
                "127.0.0.1:" + closed));
    assertThat(liveness.exitCode()).as(liveness.toString()).isEqualTo(ExitCodes.OK);
    Runbook.assertShows("liveness", "dns-unreachable", printed(liveness));
  }
}
