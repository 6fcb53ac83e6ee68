package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.e2e.sandbox.FakeKubeApiServer;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.repair.RepairLedger;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A state file that cannot be read while repairs were given up: reading it as "start fresh" made
 * the next liveness ask for a repair again (exit 7) and overwrite the evidence. Now the damaged
 * file is kept aside, the repair history counts as unknown, and no repair is asked for until a
 * person removes the state file or a long backoff passes. Pod 2 is confirmed rejected by pods 0 and
 * 1 (captured views of the drift R1).
 */
class DamagedStateTest {
  private static final String TOKEN = "damaged-state-token-not-secret";
  private static final String POD2_UUID = "59678370-3ef4-4338-a0b4-e60a08cdaa7c";
  private static Path apiDir;
  private static FakeKubeApiServer api;

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  Path stateDir;
  Path stateFile;

  @BeforeAll
  static void startApi() throws IOException {
    apiDir = Files.createTempDirectory("gct-damaged-state-");
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
  void dirs() throws IOException {
    stateDir = Files.createDirectory(tmp.resolve("state"));
    Files.setPosixFilePermissions(
        stateDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    stateFile = stateDir.resolve("state.json");
  }

  private List<String> args(String command, FakeGluster g) throws IOException {
    Path glusterd = Files.createDirectories(tmp.resolve("glusterd"));
    Files.writeString(glusterd.resolve("glusterd.info"), "UUID=" + POD2_UUID + "\n");
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

  /** The state file as a run leaves it after repairs were given up. */
  private static String givenUp() {
    return "{\n  \"format\":\"glusterctl-probe-state\",\n  \"version\":1,\n  \"entries\":{\n"
        + "    \"repair.attempts\":\"3\",\n    \"repair.givenUp\":\"true\",\n"
        + "    \"repair.last.at\":\"2025-06-01T12:00:00Z\",\n"
        + "    \"repair.last.summary\":\"drift done at 2025-06-01T12:00:00Z (attempt 3 of 3)\"\n"
        + "  }\n}\n";
  }

  private List<Path> keptAside() throws IOException {
    try (var s = Files.list(stateDir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("state.json.damaged-")).toList();
    }
  }

  @Test
  void theGivenUpStateIsReadWhenWhole() throws IOException {
    Files.writeString(stateFile, givenUp());

    Cli.Run r = Cli.run(args("liveness", rejectedPod2()));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.outLines().get(0)).contains("GIVEN UP after 3 attempts");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cut", // a write cut short
        "garbage", // not JSON at all
        "attempts", // JSON, but the count is not a number
        "givenUp" // JSON, but given up is neither true nor absent
      })
  void aDamagedStateFileNeverUnGivesUpARepair(String damage) throws IOException {
    String text =
        switch (damage) {
          case "cut" -> givenUp().substring(0, givenUp().length() / 2);
          case "garbage" -> "\u0000\u0001 not a state file";
          case "attempts" ->
              givenUp().replace("\"repair.attempts\":\"3\"", "\"repair.attempts\":\"x\"");
          default -> givenUp().replace("\"true\"", "\"yes\"");
        };
    Files.writeString(stateFile, text);
    FakeGluster g = rejectedPod2();

    Cli.Run r = Cli.run(args("liveness", g));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(r.outLines().get(0))
        .as(r.toString())
        .startsWith("OK glusterd answers; ERROR repair needed but the repair history is unknown");
    assertThat(keptAside()).as(r.toString()).singleElement();
    assertThat(Files.readString(keptAside().get(0))).isEqualTo(text);
    RepairLedger l =
        RepairLedger.fromEntries(new StateStore(stateDir, Time.SYSTEM).peekEntries().value());
    assertThat(l.pending()).isEmpty();
    assertThat(l.historyUnknownSince()).isPresent();

    Cli.Run again = Cli.run(args("liveness", g));
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.OK);
    assertThat(again.outLines().get(0)).contains("the repair history is unknown");
    assertThat(keptAside()).singleElement();
    assertThat(Cli.run(args("status", g)).out()).contains("repair:   HISTORY UNKNOWN since ");
  }
}
