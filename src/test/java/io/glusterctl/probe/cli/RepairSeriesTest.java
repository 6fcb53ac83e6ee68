package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.e2e.sandbox.FakeKubeApiServer;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.state.LockAttempt;
import io.glusterctl.probe.state.StateStore;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A series of repair attempts through the commands, as the kubelet runs them: liveness asks for a
 * repair (exit 7), the container restarts, prestart carries it out. Every attempt counts, whatever
 * became of it (done, failed, killed, not confirmed): the backoff and the give-up work on them, and
 * the backup taken by the series' first attempt is never pruned while the series lasts.
 *
 * <p>Pod 1 sees its handshake with pod 0 stuck in {@code Sent and Received peer request} while pod
 * 0 lists it as {@code Peer in Cluster}: a stuck handshake, whose repair sets pod 0's peer file to
 * state 3. There is no such file, so every attempt fails ("no peer file"): as seen in the review,
 * where liveness then exited 7 every cycle with the attempt count at 0 and the oldest backups
 * pruned.
 */
class RepairSeriesTest {
  private static final String TOKEN = "repair-series-token-not-secret";
  static final String D = ".glusterfs.default.svc.cluster.local";
  static final String F0 = "glusterfs-0" + D;
  static final String F1 = "glusterfs-1" + D;
  static final String F2 = "glusterfs-2" + D;
  static final String U0 = "0eb3bacf-13ce-452a-8eb7-f74357da77ef";
  static final String U1 = "ebb353ee-8f0a-481a-b685-00761eac2483";
  static final String U2 = "59678370-3ef4-4338-a0b4-e60a08cdaa7c";
  private static final Pattern BACKED_UP = Pattern.compile("3 backed up to (\\S+)");

  private static Path apiDir;
  private static FakeKubeApiServer api;

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  Path stateDir;
  Path glusterdDir;
  Path stopped;

  @BeforeAll
  static void startApi() throws IOException {
    apiDir = Files.createTempDirectory("gct-repair-series-");
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

  @BeforeEach
  void pod1() throws IOException {
    stateDir = tmp.resolve("state");
    glusterdDir = Files.createDirectory(tmp.resolve("glusterd"));
    Files.writeString(glusterdDir.resolve("glusterd.info"), "UUID=" + U1 + "\n");
    Files.createDirectories(glusterdDir.resolve("vols/gv0"));
    Files.writeString(glusterdDir.resolve("vols/gv0/info"), "type=2\nversion=7\n");
    stopped = tmp.resolve("glusterd-is-stopped");
  }

  static String peer(String uuid, String host, int state, String text) {
    return "<peer><uuid>"
        + uuid
        + "</uuid><hostname>"
        + host
        + "</hostname><hostnames><hostname>"
        + host
        + "</hostname></hostnames><connected>1</connected><state>"
        + state
        + "</state><stateStr>"
        + text
        + "</stateStr></peer>";
  }

  static String peerStatus(String... peers) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cliOutput><opRet>0"
        + "</opRet><opErrno>0</opErrno><opErrstr/><peerStatus>"
        + String.join("", peers)
        + "</peerStatus></cliOutput>\n";
  }

  /**
   * The CLI of pod 1: its own glusterd answers until {@link #stopped} exists (the container's
   * restart), pods 0 and 2 answer read-only; {@code poolList} is the shell line for pod 0's pool
   * list.
   */
  private FakeGluster gluster(String poolList) throws IOException {
    Path mine =
        Files.writeString(
            tmp.resolve("pod1.xml"),
            peerStatus(
                peer(U0, F0, 5, "Sent and Received peer request"),
                peer(U2, F2, 3, "Peer in Cluster")));
    Path pod0 =
        Files.writeString(
            tmp.resolve("pod0.xml"),
            peerStatus(peer(U1, F1, 3, "Peer in Cluster"), peer(U2, F2, 3, "Peer in Cluster")));
    Path pod2 =
        Files.writeString(
            tmp.resolve("pod2.xml"),
            peerStatus(peer(U0, F0, 3, "Peer in Cluster"), peer(U1, F1, 3, "Peer in Cluster")));
    return FakeGluster.write(
        tmp,
        "case \"$*\" in\n"
            + "  *'--remote-host="
            + F0
            + " --xml peer status') cat '"
            + pod0
            + "' ;;\n"
            + "  *'--remote-host="
            + F0
            + " --xml pool list') "
            + poolList
            + " ;;\n"
            + "  *'--remote-host="
            + F2
            + " --xml peer status') cat '"
            + pod2
            + "' ;;\n"
            + "  *--remote-host=*) echo 'Connection failed. Please check if gluster daemon is"
            + " operational.'; exit 1 ;;\n"
            + "  *'--xml peer status') if [ -e '"
            + stopped
            + "' ]; then echo 'Connection failed. Please check if gluster daemon is operational.';"
            + " exit 1; fi; cat '"
            + mine
            + "' ;;\n"
            + "  *) echo unexpected \"$*\" >&2; exit 1 ;;\n"
            + "esac");
  }

  private List<String> args(String command, FakeGluster g) throws IOException {
    Path token = Files.writeString(tmp.resolve("token"), TOKEN);
    return new ArrayList<>(
        List.of(
            command,
            "--gluster",
            g.script.toString(),
            "--state-dir",
            stateDir.toString(),
            "--glusterd-dir",
            glusterdDir.toString(),
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
            "glusterfs-1",
            "--namespace",
            "default",
            "--cluster-domain",
            "cluster.local",
            "--stuck-grace",
            "0s",
            "--deadline",
            "20s",
            "--gluster-timeout",
            "3s"));
  }

  private Cli.Run liveness(FakeGluster g) throws IOException {
    Files.deleteIfExists(stopped);
    return Cli.run(args("liveness", g));
  }

  /** The container restarts: glusterd is not running while prestart runs. */
  private Cli.Run prestart(FakeGluster g) throws IOException {
    Files.writeString(stopped, "");
    return Cli.run(args("prestart", g));
  }

  private RepairLedger ledger() {
    return RepairLedger.fromEntries(new StateStore(stateDir, Time.SYSTEM).peekEntries().value());
  }

  /** A day passes: the last attempt is a day old, longer than any backoff. */
  private void aDayLater() {
    StateStore store = new StateStore(stateDir, Time.SYSTEM);
    LockAttempt a = store.lock(Duration.ofSeconds(1), "test");
    assertThat(a).isInstanceOf(LockAttempt.Acquired.class);
    try (StateStore.Session s = ((LockAttempt.Acquired) a).session()) {
      Map<String, String> repair = new TreeMap<>();
      s.entries().value().entrySet().stream()
          .filter(e -> e.getKey().startsWith(RepairLedger.PREFIX))
          .forEach(e -> repair.put(e.getKey(), e.getValue()));
      String at = repair.get(RepairLedger.PREFIX + "last.at");
      if (at != null) {
        repair.put(
            RepairLedger.PREFIX + "last.at",
            Instant.parse(at).minus(Duration.ofDays(1)).toString());
      }
      assertThat(s.replace(RepairLedger.PREFIX, repair).ok()).isTrue();
    }
  }

  private List<Path> backups() throws IOException {
    Path b = stateDir.resolve("backups");
    if (!Files.isDirectory(b)) {
      return List.of();
    }
    try (var s = Files.list(b)) {
      return s.sorted().toList();
    }
  }

  @Test
  void failedAttemptsCountBackOffAndAreGivenUpAndTheFirstBackupIsKept() throws IOException {
    FakeGluster g = gluster(FakeGluster.cat("remote-host-pool-list-3.xml"));
    // backups of an earlier series whose names sort after today's (a clock that was ahead)
    for (int i = 1; i <= 4; i++) {
      Files.createDirectories(
          stateDir.resolve("backups/glusterd-20991231T00000" + i + "Z-drift/vols"));
    }
    List<Integer> livenessCodes = new ArrayList<>();
    List<Integer> prestartCodes = new ArrayList<>();
    Optional<Path> firstBackup = Optional.empty();
    Cli.Run last = null;

    for (int cycle = 1; cycle <= 7; cycle++) {
      Cli.Run l = liveness(g);
      last = l;
      livenessCodes.add(l.exitCode());
      if (l.exitCode() == ExitCodes.REPAIR_PENDING) {
        Cli.Run p = prestart(g);
        prestartCodes.add(p.exitCode());
        assertThat(p.out()).as(p.toString()).contains("5 no peer file for " + U0);
        Matcher m = BACKED_UP.matcher(p.out());
        if (firstBackup.isEmpty() && m.find()) {
          firstBackup = Optional.of(Path.of(m.group(1)));
        }
        if (cycle == 1) {
          Cli.Run soon = liveness(g);
          assertThat(soon.exitCode()).as(soon.toString()).isEqualTo(ExitCodes.OK);
          assertThat(soon.outLines().get(0))
              .as(soon.toString())
              .startsWith("OK glusterd answers; ERROR repair needed but backing off after 1");
        }
      }
      aDayLater();
    }

    assertThat(livenessCodes).containsExactly(7, 7, 7, 0, 0, 0, 0);
    assertThat(prestartCodes).containsExactly(8, 8, 8);
    assertThat(last.outLines().get(0))
        .startsWith("OK glusterd answers; ERROR repair needed but GIVEN UP after 3 attempts");
    RepairLedger l = ledger();
    assertThat(l.attempts()).isEqualTo(3);
    assertThat(l.givenUp()).isTrue();
    assertThat(l.pending()).isEmpty();
    assertThat(firstBackup).isPresent();
    assertThat(backups()).as("backups").hasSize(5).contains(firstBackup.get());
    assertThat(Files.readString(firstBackup.get().resolve("vols/gv0/info")))
        .isEqualTo("type=2\nversion=7\n");
  }

  @Test
  void killedAttemptsCountTooAndAreGivenUp() throws Exception {
    // pod 0's pool list never comes: each prestart is killed while it waits for it, after the
    // attempt began and before it touched anything
    FakeGluster hangs = gluster("exec sleep 60");
    assertThat(liveness(hangs).exitCode()).isEqualTo(ExitCodes.REPAIR_PENDING);
    for (int kill = 1; kill <= 3; kill++) {
      Files.writeString(stopped, "");
      long callsBefore = poolListCalls(hangs);
      ProgramProcess.Result killed =
          ProgramProcess.runUntil(
              Duration.ofSeconds(60),
              () -> poolListCalls(hangs) > callsBefore,
              args("prestart", hangs));
      assertThat(killed.killed()).as(killed.toString()).isTrue();
      assertThat(ledger().pending()).as("pending after kill %d", kill).isPresent();
    }
    Map<String, String> before = RepairCommandsTest.files(glusterdDir);

    Cli.Run r = prestart(gluster(FakeGluster.cat("remote-host-pool-list-3.xml")));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REPAIR_FAILED);
    assertThat(r.out())
        .as(r.toString())
        .contains("did not finish")
        .contains("GIVEN UP after 3 attempts");
    assertThat(RepairCommandsTest.files(glusterdDir)).isEqualTo(before);
    assertThat(backups()).isEmpty();
    RepairLedger l = ledger();
    assertThat(l.pending()).isEmpty();
    assertThat(l.givenUp()).isTrue();
    assertThat(liveness(hangs).outLines().get(0)).contains("GIVEN UP after 3 attempts");
  }

  private long poolListCalls(FakeGluster g) {
    try {
      return g.calls().stream().filter(c -> c.endsWith("pool list")).count();
    } catch (IOException e) {
      return 0;
    }
  }
}
