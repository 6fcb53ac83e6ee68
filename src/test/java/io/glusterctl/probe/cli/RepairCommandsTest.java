package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.state.LockAttempt;
import io.glusterctl.probe.state.StateStore;
import io.glusterctl.probe.state.WriteResult;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pending repair through the commands (liveness, readiness, repair, prestart) with the real
 * session wiring: the state store on a temp dir, and a gluster CLI script that answers for a
 * stopped local glusterd and for the reference member.
 */
class RepairCommandsTest {
  static final String D = ".glusterfs.default.svc.cluster.local";
  static final String F0 = "glusterfs-0" + D;
  static final String F1 = "glusterfs-1" + D;
  static final String F2 = "glusterfs-2" + D;
  // capture.sh's UUIDs, as remote-host-pool-list-3.xml lists them
  static final String U0 = "0eb3bacf-13ce-452a-8eb7-f74357da77ef";
  static final String U1 = "ebb353ee-8f0a-481a-b685-00761eac2483";
  static final String U2 = "59678370-3ef4-4338-a0b4-e60a08cdaa7c";
  static final String INFO = "UUID=" + U1 + "\noperating-version=100000\n";

  /** glusterfs-0's view: glusterfs-1 (this pod) rejected, glusterfs-2 healthy. */
  static final String REF_VIEW =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cliOutput>\n  <opRet>0</opRet>\n"
          + "  <opErrno>0</opErrno>\n  <opErrstr/>\n  <peerStatus>\n"
          + peerXml(U1, F1, 6, "Peer Rejected")
          + peerXml(U2, F2, 3, "Peer in Cluster")
          + "  </peerStatus>\n</cliOutput>\n";

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  Path stateDir;
  Path glusterdDir;
  Path refView;

  static String peerXml(String uuid, String host, int state, String text) {
    return "    <peer>\n      <uuid>"
        + uuid
        + "</uuid>\n      <hostname>"
        + host
        + "</hostname>\n"
        + "      <hostnames>\n        <hostname>"
        + host
        + "</hostname>\n      </hostnames>\n"
        + "      <connected>1</connected>\n      <state>"
        + state
        + "</state>\n"
        + "      <stateStr>"
        + text
        + "</stateStr>\n    </peer>\n";
  }

  @BeforeEach
  void setUp() throws IOException {
    stateDir = tmp.resolve("state");
    glusterdDir = Files.createDirectory(tmp.resolve("glusterd"));
    Files.writeString(glusterdDir.resolve("glusterd.info"), INFO);
    Files.createDirectories(glusterdDir.resolve("peers"));
    Files.writeString(
        glusterdDir.resolve("peers").resolve(U0),
        "uuid=" + U0 + "\nstate=6\nhostname1=" + F0 + "\n");
    Files.createDirectories(glusterdDir.resolve("vols/gv0"));
    Files.writeString(glusterdDir.resolve("vols/gv0/info"), "type=2\nversion=7\n");
    refView = tmp.resolve("ref-view.xml");
    Files.writeString(refView, REF_VIEW);
  }

  /** A gluster CLI whose local glusterd is stopped (or running) and whose glusterfs-0 answers. */
  private FakeGluster gluster(boolean localRunning) throws IOException {
    String local =
        localRunning
            ? FakeGluster.cat("peer-status-2-peers.xml")
            : "echo 'Connection failed. Please check if gluster daemon is operational.'; exit 1";
    return FakeGluster.write(
        tmp,
        "case \"$*\" in\n"
            + "  *'--remote-host="
            + F0
            + " --xml peer status') cat '"
            + refView
            + "' ;;\n"
            + "  *'--remote-host="
            + F0
            + " --xml pool list') "
            + FakeGluster.cat("remote-host-pool-list-3.xml")
            + " ;;\n"
            + "  *--remote-host=*) echo 'Connection failed. Please check if gluster daemon is operational.'; exit 1 ;;\n"
            + "  *) "
            + local
            + " ;;\n"
            + "esac");
  }

  private List<String> args(String command, FakeGluster g, String... more) {
    List<String> a = new ArrayList<>();
    a.add(command);
    a.addAll(
        List.of(
            "--gluster", g.script.toString(),
            "--state-dir", stateDir.toString(),
            "--glusterd-dir", glusterdDir.toString(),
            "--members-from", "dns",
            "--dns-server", "127.0.0.1:1",
            "--resolv-conf", tmp.resolve("no-resolv.conf").toString(),
            "--pod-name", "glusterfs-1",
            "--namespace", "default",
            "--cluster-domain", "cluster.local",
            "--deadline", "10s"));
    a.addAll(List.of(more));
    return a;
  }

  private void askForRepair(RepairKind kind, String reference) {
    StateStore store = new StateStore(stateDir, Time.SYSTEM);
    LockAttempt a = store.lock(Duration.ofSeconds(1), "test");
    assertThat(a).isInstanceOf(LockAttempt.Acquired.class);
    try (StateStore.Session s = ((LockAttempt.Acquired) a).session()) {
      RepairLedger l =
          new RepairLedger(
              Optional.of(
                  new RepairLedger.Pending(
                      kind,
                      reference,
                      "the pool rejects this pod",
                      Instant.parse("2025-06-01T12:00:00Z"))),
              0,
              Optional.empty(),
              "",
              false);
      assertThat(s.replace(RepairLedger.PREFIX, l.toEntries()))
          .isInstanceOf(WriteResult.Written.class);
    }
  }

  private RepairLedger ledger() {
    return RepairLedger.fromEntries(new StateStore(stateDir, Time.SYSTEM).peekEntries().value());
  }

  static Map<String, String> files(Path root) throws IOException {
    Map<String, String> m = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            m.put(root.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8));
            return FileVisitResult.CONTINUE;
          }
        });
    return m;
  }

  @Test
  void livenessFailsWithSevenWhileTheReferenceStillConfirmsThePendingRepair() throws IOException {
    askForRepair(RepairKind.DRIFT, F0);
    FakeGluster g = gluster(true);

    Cli.Run r = Cli.run(args("liveness", g));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REPAIR_PENDING);
    assertThat(r.outLines())
        .singleElement()
        .asString()
        .isEqualTo(
            "UNHEALTHY repair pending: drift from "
                + F0
                + " (asked 2025-06-01T12:00:00Z): the pool rejects this pod");
    // the reference is asked what prestart's confirm step will ask; the local glusterd is not
    assertThat(g.calls()).singleElement().asString().contains("--remote-host=" + F0 + " ");
    assertThat(ledger().pending()).as("still pending").isPresent();
  }

  @Test
  void livenessKeepsThePendingRepairWhenTheReferenceCannotBeSeen() throws IOException {
    askForRepair(RepairKind.DRIFT, F2); // the script's glusterfs-2 does not answer
    FakeGluster g = gluster(true);

    Cli.Run r = Cli.run(args("liveness", g));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REPAIR_PENDING);
    assertThat(ledger().pending()).as("still pending").isPresent();
    assertThat(ledger().attempts()).isZero();
  }

  @Test
  void livenessWithdrawsARepairTheReferenceNoLongerConfirmsAndTouchesNothing() throws IOException {
    askForRepair(RepairKind.DRIFT, F0);
    // the pool took this pod back meanwhile: glusterfs-0 lists it in the cluster again
    Files.writeString(
        refView,
        REF_VIEW
            .replace("<state>6</state>", "<state>3</state>")
            .replace("Peer Rejected", "Peer in Cluster"));
    Map<String, String> before = files(glusterdDir);
    FakeGluster g = gluster(true);

    Cli.Run r = Cli.run(args("liveness", g));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.outLines().get(0)).startsWith("OK glusterd answers");
    assertThat(r.outLines().get(1))
        .startsWith("repair withdrawn: drift repair from " + F0 + " withdrawn before any attempt")
        .endsWith(
            "not confirmed any more: the reference lists this pod as 'Peer in Cluster', not rejected");
    RepairLedger l = ledger();
    assertThat(l.pending()).isEmpty();
    assertThat(l.attempts()).as("a withdrawal is not an attempt").isZero();
    assertThat(l.lastSummary()).contains("withdrawn before any attempt");
    assertThat(files(glusterdDir)).isEqualTo(before);
    assertThat(g.calls()).noneMatch(c -> c.contains(" probe ") || c.contains(" detach "));
    // the restart it asked for would now repair nothing: prestart has nothing to do
    assertThat(Cli.run(args("prestart", gluster(false))).out()).isEqualTo("OK nothing to repair\n");
  }

  @Test
  void livenessWithdrawsAForgottenRepairOnceThePoolListsThisPodAgain() throws IOException {
    // ScaleDownWhileAwayTest's race: the coordinator's probe took the forgotten pod back
    askForRepair(RepairKind.FORGOTTEN, F0);
    FakeGluster g = gluster(true);

    Cli.Run r = Cli.run(args("liveness", g));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("forgotten repair from " + F0 + " withdrawn");
    assertThat(ledger().pending()).isEmpty();
  }

  @Test
  void livenessKeepsAForgottenRepairWhileThePoolStillDoesNotListThisPod() throws IOException {
    askForRepair(RepairKind.FORGOTTEN, F0);
    Files.writeString(refView, REF_VIEW.replace(peerXml(U1, F1, 6, "Peer Rejected"), ""));

    Cli.Run r = Cli.run(args("liveness", gluster(true)));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REPAIR_PENDING);
    assertThat(ledger().pending()).isPresent();
  }

  @Test
  void readinessIsNotReadyWhileARepairIsPending() throws IOException {
    askForRepair(RepairKind.DRIFT, F0);

    Cli.Run r = Cli.run(args("readiness", gluster(true)));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(r.outLines())
        .singleElement()
        .asString()
        .startsWith("NOT READY repair pending: drift from " + F0);
  }

  @Test
  void aDryRunRepairShowsEachStepAndChangesNothing() throws IOException {
    askForRepair(RepairKind.DRIFT, F0);
    Map<String, String> before = files(glusterdDir);
    FakeGluster g = gluster(true);

    Cli.Run r = Cli.run(args("repair", g, "--dry-run"));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.outLines().get(0)).startsWith("DRY RUN REPAIR drift from " + F0);
    assertThat(r.out())
        .contains("1 confirm: the reference lists this pod as Peer Rejected (Connected)")
        .contains("5 write peers/" + U0 + " state=3 hostname1=" + F0 + " (dry run)")
        .contains("5 write peers/" + U2 + " state=3 hostname1=" + F2 + " (dry run)");
    assertThat(files(glusterdDir)).isEqualTo(before);
    assertThat(ledger().pending()).as("still pending").isPresent();
    assertThat(g.calls()).noneMatch(c -> c.contains(" probe ") || c.contains(" detach "));
  }

  @Test
  void repairRefusesWhileGlusterdRuns() throws IOException {
    askForRepair(RepairKind.DRIFT, F0);
    Map<String, String> before = files(glusterdDir);

    Cli.Run r = Cli.run(args("repair", gluster(true)));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REPAIR_FAILED);
    assertThat(r.out()).contains("REFUSED glusterd is running");
    assertThat(files(glusterdDir)).isEqualTo(before);
    assertThat(ledger().pending()).isPresent();
  }

  /** A gluster CLI whose local glusterd hangs: every local call times out. */
  private FakeGluster hungLocalGluster() throws IOException {
    return FakeGluster.write(
        tmp,
        "case \"$*\" in\n"
            + "  *'--remote-host="
            + F0
            + " --xml peer status') cat '"
            + refView
            + "' ;;\n"
            + "  *'--remote-host="
            + F0
            + " --xml pool list') "
            + FakeGluster.cat("remote-host-pool-list-3.xml")
            + " ;;\n"
            + "  *) exec sleep 30 ;;\n"
            + "esac");
  }

  @Test
  void repairByHandWhileGlusterdHangsClearsNothing() throws Exception {
    askForRepair(RepairKind.DRIFT, F0);
    Map<String, String> before = files(glusterdDir);
    try (FakeGlusterd glusterd = FakeGlusterd.startIn(tmp.resolve("bin"), glusterdDir)) {
      Cli.Run r = Cli.run(args("repair", hungLocalGluster(), "--gluster-timeout", "1s"));

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REPAIR_FAILED);
      assertThat(r.out())
          .as(r.toString())
          .contains(
              "REFUSED glusterd is not proven stopped: glusterd (pid "
                  + glusterd.pid()
                  + ") runs in "
                  + glusterdDir);
      assertThat(files(glusterdDir)).isEqualTo(before);
      assertThat(Files.exists(stateDir.resolve("backups"))).isFalse();
      assertThat(ledger().pending()).as("still pending").isPresent();
    }
  }

  @Test
  void aGlusterdOfAnotherDirectoryDoesNotStopTheRepair() throws Exception {
    askForRepair(RepairKind.DRIFT, F0);
    Path elsewhere = Files.createDirectories(tmp.resolve("another-pods-glusterd"));
    FakeGlusterd glusterd = FakeGlusterd.startIn(tmp.resolve("bin"), elsewhere);
    try {
      Cli.Run r = Cli.run(args("repair", gluster(false)));

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
      assertThat(r.outLines()).last().asString().startsWith("REPAIR drift done at ");
    } finally {
      glusterd.close();
    }
  }

  /**
   * A link planted where the repair puts its temporary file: before, the repair wrote the new peer
   * file through it (overwriting the link's target outside the glusterd directory) and then renamed
   * the link to {@code peers/<uuid>}.
   */
  @Test
  void aLinkPlantedAtTheTemporaryFileIsNeverWrittenThrough() throws IOException {
    // glusterfs-0 lists this pod as Peer in Cluster; this pod's handshake with it is stuck
    Files.writeString(
        refView,
        REF_VIEW.replace(
            peerXml(U1, F1, 6, "Peer Rejected"), peerXml(U1, F1, 3, "Peer in Cluster")));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path canary = Files.writeString(outside.resolve("canary"), "canary\n");
    Path planted = glusterdDir.resolve("peers").resolve("." + U0 + ".tmp");
    Files.createSymbolicLink(planted, canary);
    askForRepair(RepairKind.STUCK_HANDSHAKE, F0);

    Cli.Run r = Cli.run(args("prestart", gluster(false)));

    assertThat(Files.readString(canary)).as(r.toString()).isEqualTo("canary\n");
    Path peerFile = glusterdDir.resolve("peers").resolve(U0);
    assertThat(Files.isSymbolicLink(peerFile)).as(r.toString()).isFalse();
    assertThat(Files.readString(peerFile))
        .as(r.toString())
        .isEqualTo("uuid=" + U0 + "\nstate=3\nhostname1=" + F0 + "\n");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(planted).doesNotExist();
  }

  /** The backups go only into a real directory under the state directory, never through a link. */
  @Test
  void aBackupDirectoryThatIsALinkIsRefusedAndNothingIsCleared() throws IOException {
    askForRepair(RepairKind.DRIFT, F0);
    Map<String, String> before = files(glusterdDir);
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.setPosixFilePermissions(
        outside, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(stateDir.resolve("backups"), outside);

    Cli.Run r = Cli.run(args("prestart", gluster(false)));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REPAIR_FAILED);
    assertThat(r.out()).as(r.toString()).contains("is a symbolic link");
    assertThat(files(glusterdDir)).isEqualTo(before);
    try (var in = Files.list(outside)) {
      assertThat(in).as("written through the link").isEmpty();
    }
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(outside)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void prestartCarriesOutThePendingRepairFromTheReference() throws IOException {
    askForRepair(RepairKind.DRIFT, F0);
    Map<String, String> before = files(glusterdDir);
    FakeGluster g = gluster(false);

    Cli.Run r = Cli.run(args("prestart", g));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.outLines().get(0)).startsWith("REPAIR drift from " + F0);
    assertThat(r.outLines())
        .last()
        .asString()
        .startsWith("REPAIR drift done at ")
        .contains(", backup ");
    assertThat(files(glusterdDir))
        .containsOnly(
            Map.entry("glusterd.info", INFO),
            Map.entry("peers/" + U0, "uuid=" + U0 + "\nstate=3\nhostname1=" + F0 + "\n"),
            Map.entry("peers/" + U2, "uuid=" + U2 + "\nstate=3\nhostname1=" + F2 + "\n"));
    Path backups = stateDir.resolve("backups");
    try (Stream<Path> b = Files.list(backups)) {
      List<Path> made = b.toList();
      assertThat(made).singleElement();
      assertThat(files(made.get(0))).isEqualTo(before);
    }
    RepairLedger l = ledger();
    assertThat(l.pending()).isEmpty();
    assertThat(l.attempts()).isEqualTo(1);
    assertThat(l.lastSummary()).startsWith("drift done at ");
    assertThat(g.calls()).noneMatch(c -> c.contains(" probe ") || c.contains(" detach "));
    // and nothing is pending any more
    assertThat(Cli.run(args("prestart", g)).out()).isEqualTo("OK nothing to repair\n");
  }

  @Test
  void prestartWithAReferenceThatDoesNotAnswerTouchesNothingAndCountsTheAttempt()
      throws IOException {
    askForRepair(RepairKind.DRIFT, F2); // the script's glusterfs-2 does not answer
    Map<String, String> before = files(glusterdDir);

    Cli.Run r = Cli.run(args("prestart", gluster(false)));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("cannot see the reference").contains("nothing touched");
    assertThat(files(glusterdDir)).isEqualTo(before);
    assertThat(Files.exists(stateDir.resolve("backups"))).isFalse();
    RepairLedger l = ledger();
    assertThat(l.pending()).isEmpty();
    // not confirmed is an attempt too: a reference that never answers must not be asked forever
    assertThat(l.attempts()).isEqualTo(1);
    assertThat(l.lastSummary()).startsWith("drift not_confirmed at ");
  }

  @Test
  void prestartWithNothingPendingSaysSo() throws IOException {
    FakeGluster g = gluster(false);

    Cli.Run r = Cli.run(args("prestart", g));

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("OK nothing to repair\n");
    assertThat(g.calls()).isEmpty();
  }
}
