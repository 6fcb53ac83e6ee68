package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.FakeKubeApiServer;
import io.glusterctl.probe.exec.Time;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * liveness of a pod that the pool confirms rejected (captured views of the drift R1: pod 2 rejected
 * by pods 0 and 1) when its repair request cannot be written (the state directory's disk is full,
 * or the state file cannot be replaced). prestart would never see the request, so a restart would
 * repair nothing: liveness must not ask for one (exit 0, not 7), and must say plainly that the
 * request could not be recorded, not that repairs were given up. And when repairs were given up,
 * liveness, status and repair say so, in the words docs/repair.md quotes.
 */
class RepairRequestNotSavedTest {
  private static final String TOKEN = "unit-token-not-secret";
  private static final String POD2_UUID = "59678370-3ef4-4338-a0b4-e60a08cdaa7c";
  private static Path apiDir;
  private static FakeKubeApiServer api;

  @TempDir Path tmp;

  @BeforeAll
  static void startApi() throws IOException {
    apiDir = Files.createTempDirectory("repair-not-saved-");
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

  private List<String> args(String command, FakeGluster g, Path stateDir) throws IOException {
    Path glusterd = Files.createDirectories(tmp.resolve("glusterd"));
    Files.writeString(
        glusterd.resolve("glusterd.info"), "UUID=" + POD2_UUID + "\noperating-version=100000\n");
    Path token = Files.writeString(tmp.resolve("token"), TOKEN);
    return List.of(
        command,
        "--gluster",
        g.script.toString(),
        "--state-dir",
        stateDir.toString(),
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
        "glusterfs-2",
        "--namespace",
        "default",
        "--cluster-domain",
        "cluster.local",
        "--deadline",
        "30s",
        "--gluster-timeout",
        "3s");
  }

  /** Pod 2's own view, and pods 0 and 1 (asked read-only) listing it as Peer Rejected. */
  private FakeGluster rejectedPod2() throws IOException {
    return FakeGluster.write(
        tmp,
        "case \"$*\" in\n"
            + "  *remote-host=*'peer status'*) "
            + FakeGluster.cat("peer-status-rejected.xml")
            + " ;;\n"
            + "  *'peer status'*) "
            + FakeGluster.cat("peer-status-rejected-self.xml")
            + " ;;\n"
            + "  *) echo unexpected \"$*\" >&2; exit 1 ;;\n"
            + "esac");
  }

  @Test
  void aConfirmedRepairIsRequestedWhenTheStateCanBeWritten() throws Exception {
    Path state = tmp.resolve("state");
    Cli.Run r = Cli.run(args("liveness", rejectedPod2(), state));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REPAIR_PENDING);
    assertThat(r.outLines().get(0)).startsWith("UNHEALTHY repair requested: repair");
    assertThat(Files.readString(state.resolve("state.json"))).contains("repair.pending.kind");
  }

  @Test
  void aRepairRequestThatCannotBeWrittenIsSaidPlainlyAndRestartsNothing() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/prlimit")), "skipped: no prlimit (util-linux)");
    Path state = Files.createDirectories(tmp.resolve("state"));
    FakeGluster g = rejectedPod2();

    // no file may grow past 0 bytes (as a full disk, also for root): every write fails
    ProgramProcess.Result r =
        ProgramProcess.run(
            Duration.ofSeconds(60),
            List.of("/usr/bin/prlimit", "--fsize=0", "--"),
            args("liveness", g, state));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.out().lines().findFirst().orElse(""))
        .as(r.toString())
        .startsWith(
            "OK glusterd answers; ERROR repair needed but the request could not be recorded")
        .contains("File too large")
        .doesNotContain("GIVEN UP");
    assertThat(r.err()).contains("WARN repair record not saved");
    assertThat(
            Files.exists(state.resolve("state.json")) ? Files.size(state.resolve("state.json")) : 0)
        .isZero();
  }

  @Test
  void aRepairThatWasGivenUpIsSaidByLivenessStatusAndRepair() throws Exception {
    Path state = tmp.resolve("state");
    StateStore store = new StateStore(state, Time.SYSTEM);
    LockAttempt lock = store.lock(Duration.ofSeconds(1), "test");
    assertThat(lock).isInstanceOf(LockAttempt.Acquired.class);
    try (StateStore.Session s = ((LockAttempt.Acquired) lock).session()) {
      RepairLedger givenUp =
          new RepairLedger(
              Optional.empty(),
              RepairLedger.MAX_ATTEMPTS,
              Optional.of(Instant.parse("2025-06-01T12:00:00Z")),
              "drift done at 2025-06-01T12:00:00Z",
              true);
      assertThat(s.replace(RepairLedger.PREFIX, givenUp.toEntries()))
          .isInstanceOf(WriteResult.Written.class);
    }
    FakeGluster g = rejectedPod2();

    Cli.Run liveness = Cli.run(args("liveness", g, state));
    assertThat(liveness.exitCode()).as(liveness.toString()).isEqualTo(ExitCodes.OK);
    assertThat(liveness.outLines().get(0))
        .as(liveness.toString())
        .startsWith(
            "OK glusterd answers; ERROR repair needed but GIVEN UP after 3 attempts;"
                + " repair by hand (see README)");

    Cli.Run status = Cli.run(args("status", g, state));
    assertThat(status.outLines())
        .as(status.toString())
        .contains("repair:   GIVEN UP after 3 attempts; last: drift done at 2025-06-01T12:00:00Z");

    Cli.Run repair = Cli.run(args("repair", g, state));
    assertThat(repair.exitCode()).as(repair.toString()).isEqualTo(ExitCodes.OK);
    assertThat(repair.out())
        .isEqualTo(
            "OK no repair pending (repairs were given up: drift done at 2025-06-01T12:00:00Z)\n");

    assertThat(g.calls())
        .allSatisfy(c -> assertThat(c).doesNotContain("probe").doesNotContain("detach"));
  }
}
