package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.e2e.sandbox.FakeKubeApiServer;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that ran the launcher's JVM (64 MiB of heap, 512 KiB of stack) out of memory or stack: the
 * JVM's own error escaped the program, and the process exited 1, which a kubelet reads as "glusterd
 * does not answer" and restarts the container for. Each is bad input or Unknown now; the run says
 * so in a line and liveness exits 0. The program runs as a process with the launcher's limits.
 */
class JvmLimitsTest {
  private static final String TOKEN = "jvm-limits-token-not-secret";
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  private Path stateDir;
  private Path glusterdDir;

  @BeforeEach
  void dirs() throws IOException {
    stateDir = Files.createDirectory(tmp.resolve("state"));
    glusterdDir = Files.createDirectory(tmp.resolve("glusterd"));
  }

  private List<String> args(String command, FakeGluster g, String... more) {
    List<String> a = new ArrayList<>();
    a.add(command);
    a.addAll(
        List.of(
            "--gluster", g.script.toString(),
            "--state-dir", stateDir.toString(),
            "--glusterd-dir", glusterdDir.toString(),
            "--dns-server", "127.0.0.1:1",
            "--resolv-conf", tmp.resolve("no-resolv.conf").toString(),
            "--pod-name", "glusterfs-0",
            "--namespace", "default",
            "--cluster-domain", "cluster.local",
            "--deadline", "20s"));
    a.addAll(List.of(more));
    if (!a.contains("--members-from")) {
      a.addAll(List.of("--members-from", "dns"));
    }
    return a;
  }

  private FakeGluster healthyGluster() throws IOException {
    return FakeGluster.write(tmp, FakeGluster.cat("peer-status-2-peers.xml"));
  }

  private static void assertNoJvmErrorEscaped(ProgramProcess.Result r) {
    assertThat(r.killed()).as(r.toString()).isFalse();
    assertThat(r.err())
        .as(r.toString())
        .doesNotContain("Exception in thread")
        .doesNotContain("OutOfMemoryError")
        .doesNotContain("StackOverflowError");
  }

  @Test
  void aMillionElementsFromTheCliAreNoPeerStatusNotAnOutOfMemoryError() throws Exception {
    // 4 MiB of <b/> (the runner keeps at most 4 MiB) inside a well-formed envelope
    FakeGluster g =
        FakeGluster.write(
            tmp,
            "printf '<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><peerStatus>'\n"
                + "yes '<b/>' | tr -d '\\n' | head -c 4194000\n"
                + "printf '</peerStatus></cliOutput>'");

    ProgramProcess.Result r = ProgramProcess.run(LIMIT, args("liveness", g));

    assertNoJvmErrorEscaped(r);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).as(r.toString()).startsWith("OK glusterd answers; pool unknown");
  }

  @Test
  void deeplyNestedXmlFromTheCliIsNoPeerStatus() throws Exception {
    FakeGluster g =
        FakeGluster.write(
            tmp,
            "printf '<cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/><peerStatus>'\n"
                + "yes '<peer>' | head -n 300000 | tr -d '\\n'\n"
                + "yes '</peer>' | head -n 300000 | tr -d '\\n'\n"
                + "printf '</peerStatus></cliOutput>'");

    ProgramProcess.Result r = ProgramProcess.run(LIMIT, args("liveness", g));

    assertNoJvmErrorEscaped(r);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).as(r.toString()).startsWith("OK glusterd answers; pool unknown");
  }

  @Test
  void aDeeplyNestedStateFileStartsFreshNotAStackOverflow() throws Exception {
    Files.writeString(stateDir.resolve("state.json"), "[".repeat(200_000));

    ProgramProcess.Result r = ProgramProcess.run(LIMIT, args("liveness", healthyGluster()));

    assertNoJvmErrorEscaped(r);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).as(r.toString()).startsWith("OK glusterd answers; 2/2 peers healthy");
  }

  @Test
  void aStateFileThatIsALinkToDevZeroIsNotReadForever() throws Exception {
    Files.createSymbolicLink(stateDir.resolve("state.json"), Path.of("/dev/zero"));

    ProgramProcess.Result r = ProgramProcess.run(LIMIT, args("liveness", healthyGluster()));

    assertNoJvmErrorEscaped(r);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).as(r.toString()).startsWith("OK glusterd answers; 2/2 peers healthy");
  }

  @Test
  void deeplyNestedJsonFromTheApiIsUnknownNotAStackOverflow() throws Exception {
    Path apiDir = Files.createDirectory(tmp.resolve("api"));
    Files.writeString(apiDir.resolve("replicas"), "body=" + "[".repeat(200_000) + "\n");
    Path token = Files.writeString(tmp.resolve("token"), TOKEN);
    try (FakeKubeApiServer api =
        FakeKubeApiServer.start(
            new FakeKubeApiServer.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                apiDir.resolve("certs"),
                TOKEN,
                apiDir.resolve("replicas"),
                "default",
                "glusterfs"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      List<String> a =
          args(
              "liveness",
              healthyGluster(),
              "--members-from",
              "api",
              "--api-url",
              api.url(),
              "--token-file",
              token.toString(),
              "--ca-file",
              api.caFile().toString());

      ProgramProcess.Result r = ProgramProcess.run(LIMIT, a);

      assertNoJvmErrorEscaped(r);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
      assertThat(r.out())
          .as(r.toString())
          .contains("ERROR the desired members could not be read")
          .contains("not JSON");
    }
  }
}
