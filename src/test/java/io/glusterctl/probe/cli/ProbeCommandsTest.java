package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * liveness and readiness against a gluster CLI that is missing, hangs, prints garbage or prints a
 * real peer status. The state and glusterd directories are temp dirs; the desired members come from
 * DNS at 127.0.0.1:1, where nothing listens, and the API is never asked: nothing leaves loopback.
 */
class ProbeCommandsTest {
  @TempDir(factory = GctTempDir.class)
  Path tmp;

  private Path stateDir;
  private Path glusterdDir;

  @BeforeEach
  void dirs() throws IOException {
    stateDir = tmp.resolve("state");
    glusterdDir = Files.createDirectory(tmp.resolve("glusterd"));
  }

  /** The options that keep a run on this machine's temp dirs and loopback. */
  private List<String> args(String command, String gluster, String... more) {
    List<String> a = new ArrayList<>();
    a.add(command);
    a.addAll(
        List.of(
            "--gluster",
            gluster,
            "--state-dir",
            stateDir.toString(),
            "--glusterd-dir",
            glusterdDir.toString(),
            "--members-from",
            "dns",
            "--dns-server",
            "127.0.0.1:1",
            "--resolv-conf",
            tmp.resolve("no-resolv.conf").toString(),
            "--token-file",
            tmp.resolve("no-token").toString(),
            "--ca-file",
            tmp.resolve("no-ca.crt").toString(),
            "--pod-name",
            "glusterfs-0",
            "--namespace",
            "default",
            "--cluster-domain",
            "cluster.local"));
    a.addAll(List.of(more));
    return a;
  }

  private static void assertNoChangeWasAttempted(FakeGluster g) throws IOException {
    assertThat(g.calls())
        .isNotEmpty()
        .allSatisfy(
            c ->
                assertThat(c.split(" "))
                    .as("argv %s", c)
                    .doesNotContain("probe", "detach")
                    .contains("--mode=script", "--xml"));
  }

  // ---- no gluster at all

  @Test
  void livenessWithoutAGlusterCliIsUnhealthyInOneLine() {
    Cli.Run r = Cli.run(args("liveness", "/nonexistent/gluster"));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(r.outLines())
        .singleElement()
        .asString()
        .startsWith("UNHEALTHY glusterd does not answer: ")
        .contains("/nonexistent/gluster")
        .hasSizeLessThan(200);
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void readinessWithoutAGlusterCliIsNotReadyInOneLine() {
    Cli.Run r = Cli.run(args("readiness", "/nonexistent/gluster"));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(r.outLines())
        .singleElement()
        .asString()
        .startsWith("NOT READY glusterd does not answer: ")
        .contains("/nonexistent/gluster")
        .hasSizeLessThan(200);
  }

  // ---- a gluster CLI that hangs

  @ParameterizedTest
  @ValueSource(strings = {"liveness", "readiness"})
  void aHungGlusterIsKilledAndTheProbeFailsWithinItsDeadline(String command) throws Exception {
    Path sleepPid = tmp.resolve("sleep.pid");
    FakeGluster g = FakeGluster.write(tmp, "sleep 60 & echo $! > '" + sleepPid + "'\nwait");

    long t0 = System.nanoTime();
    Cli.Run r =
        Cli.run(args(command, g.script.toString(), "--gluster-timeout", "1s", "--deadline", "3s"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
    assertThat(r.outLines())
        .singleElement()
        .asString()
        .contains("glusterd does not answer")
        .contains("timed out");
    assertThat(g.calls()).containsExactly("--mode=script --timeout=1 --xml peer status");
    // the gluster process and what it started are gone
    long pid = Long.parseLong(Files.readString(sleepPid).strip());
    assertThat(gone(pid, Duration.ofSeconds(3))).as("sleep %d was killed", pid).isTrue();
  }

  // ---- a gluster CLI that prints garbage: glusterd answered, the pool is Unknown

  @Test
  void livenessIsOkWhenGlusterdAnswersGarbageButNothingIsChanged() throws Exception {
    FakeGluster g = FakeGluster.write(tmp, "echo 'Welcome to gluster, this is not XML'");

    Cli.Run r = Cli.run(args("liveness", g.script.toString()));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.outLines().get(0)).isEqualTo("OK glusterd answers; pool unknown; no action");
    assertThat(r.out()).contains("ERROR the local pool could not be read");
    assertNoChangeWasAttempted(g);
  }

  @Test
  void readinessIsNotReadyWhenThePoolIsUnknown() throws Exception {
    FakeGluster g = FakeGluster.write(tmp, "echo 'garbage'");

    Cli.Run r = Cli.run(args("readiness", g.script.toString()));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(r.outLines()).singleElement().asString().startsWith("NOT READY pool unknown: ");
    assertNoChangeWasAttempted(g);
  }

  @ParameterizedTest
  @ValueSource(strings = {"peer-status-handshake.xml", "timeout-peer-status.xml"})
  void livenessIsOkWhenTheListingFailsAndNothingIsChanged(String fixture) throws Exception {
    // glusterd answers but the listing fails (opRet -22 during a handshake; 'Request timed out'
    // with exit 0 is still an answer)
    FakeGluster g = FakeGluster.write(tmp, FakeGluster.cat(fixture));

    Cli.Run r = Cli.run(args("liveness", g.script.toString()));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.outLines().get(0)).isEqualTo("OK glusterd answers; pool unknown; no action");
    assertNoChangeWasAttempted(g);
  }

  @Test
  void livenessIsUnhealthyWhenTheCliCannotReachGlusterd() throws Exception {
    FakeGluster g =
        FakeGluster.write(tmp, FakeGluster.cat("connection-failed-peer-status.xml") + "\nexit 1");

    Cli.Run r = Cli.run(args("liveness", g.script.toString()));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(r.outLines())
        .singleElement()
        .asString()
        .isEqualTo(
            "UNHEALTHY glusterd does not answer: exit 1: Connection failed. Please check if gluster"
                + " daemon is operational.");
  }

  // ---- a real peer status, but the desired members cannot be seen

  @Test
  void aKnownPoolWithUnknownDesiredMembersChangesNothing() throws Exception {
    FakeGluster g =
        FakeGluster.write(
            tmp,
            "case \"$*\" in\n"
                + "  *'peer status'*) "
                + FakeGluster.cat("peer-status-0-peers.xml")
                + " ;;\n"
                + "  *'pool list'*) "
                + FakeGluster.cat("pool-list-alone.xml")
                + " ;;\n"
                + "  *) echo unexpected >&2; exit 1 ;;\n"
                + "esac");

    Cli.Run live = Cli.run(args("liveness", g.script.toString(), "--deadline", "5s"));

    assertThat(live.exitCode()).as(live.toString()).isEqualTo(ExitCodes.OK);
    assertThat(live.outLines().get(0))
        .isEqualTo("OK glusterd answers; 0/0 peers healthy; no action");
    assertThat(live.out()).contains("ERROR the desired members could not be read");

    Cli.Run ready = Cli.run(args("readiness", g.script.toString(), "--deadline", "5s"));
    assertThat(ready.exitCode()).as(ready.toString()).isEqualTo(ExitCodes.UNHEALTHY);
    assertThat(ready.outLines())
        .singleElement()
        .asString()
        .startsWith("NOT READY alone, and desired members unknown: ");
    assertNoChangeWasAttempted(g);
  }

  @Test
  void readinessOfAHealthyMemberNeedsOneGlusterCall() throws Exception {
    Files.writeString(
        glusterdDir.resolve("glusterd.info"),
        "UUID=0eb3bacf-13ce-452a-8eb7-f74357da77ef\noperating-version=100000\n",
        StandardCharsets.UTF_8);
    FakeGluster g = FakeGluster.write(tmp, FakeGluster.cat("peer-status-2-peers.xml"));

    Cli.Run r = Cli.run(args("readiness", g.script.toString()));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.outLines()).containsExactly("READY member of a pool of 3, 2 peers healthy");
    assertThat(g.calls()).containsExactly("--mode=script --timeout=8 --xml peer status");
  }

  @Test
  void statusAsJsonWithAnUnknownPoolExitsThree() throws Exception {
    FakeGluster g = FakeGluster.write(tmp, "echo garbage");

    Cli.Run r = Cli.run(args("status", g.script.toString(), "--output", "json"));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CANNOT_SEE);
    var j = OfflineAnalysisTest.jsonLenient(r);
    assertThat(j.isNull("peers")).isTrue();
    assertThat(j.getString("peersUnknown")).contains("peer status");
    assertThat(j.getArray("actions")).isEmpty();
    assertNoChangeWasAttempted(g);
  }

  private static boolean gone(long pid, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < end) {
      if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
