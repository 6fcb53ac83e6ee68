package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who this pod is must be a StatefulSet pod, {@code <statefulset>-<ordinal>}, and an RFC 1123
 * label, or the run is a usage error (exit 2) that runs no gluster command and touches no state:
 * before, {@code $(id)-1} and {@code -rf} were accepted, and a name without an ordinal made
 * readiness say "READY alone, the pool's founder (ordinal -1)".
 */
class PodIdentityTest {
  @TempDir(factory = GctTempDir.class)
  Path tmp;

  private FakeGluster gluster;

  @BeforeEach
  void aHealthyAlonePod() throws IOException {
    gluster = FakeGluster.write(tmp, FakeGluster.cat("peer-status-0-peers.xml"));
  }

  private List<String> args(String command, String... identity) {
    List<String> a = new ArrayList<>();
    a.add(command);
    a.addAll(
        List.of(
            "--gluster", gluster.script.toString(),
            "--state-dir", tmp.resolve("state").toString(),
            "--glusterd-dir", tmp.resolve("glusterd").toString(),
            "--members-from", "dns",
            "--dns-server", "127.0.0.1:1",
            "--resolv-conf", tmp.resolve("no-resolv.conf").toString(),
            "--deadline", "5s"));
    a.addAll(List.of(identity));
    return a;
  }

  private void assertUsageErrorAndNothingRun(Cli.Run r, String firstLine) throws IOException {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).as(r.toString()).isEmpty();
    assertThat(r.errLines().get(0)).as(r.toString()).isEqualTo(firstLine);
    assertThat(gluster.calls()).as("gluster calls").isEmpty();
    assertThat(tmp.resolve("state")).as("state directory").doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$(id)-1",
        "-rf",
        "glusterfs",
        "glusterfs-",
        "glusterfs-01",
        "glusterfs--1",
        "-1",
        "GLUSTERFS-1",
        "glusterfs-1.glusterfs",
        "gluster_fs-1",
        "glusterfs-1 ",
        "glusterfs-9999999999",
        "a-very-long-statefulset-name-that-makes-the-pod-name-longer-than-63-1"
      })
  void aPodNameThatIsNotAStatefulSetPodIsAUsageError(String pod) throws IOException {
    for (String command : List.of("liveness", "readiness", "reconcile", "prestart")) {
      Cli.Run r = Cli.run(args(command, "--pod-name=" + pod, "--namespace", "default"));

      assertUsageErrorAndNothingRun(
          r,
          "--pod-name: '"
              + pod
              + "' is not a StatefulSet pod name <statefulset>-<ordinal> (an RFC 1123 label:"
              + " a-z, 0-9 and '-', at most 63 characters)");
    }
  }

  @Test
  void aNameWithoutAnOrdinalIsNoFounder() throws IOException {
    Cli.Run r = Cli.run(args("readiness", "--pod-name", "glusterfs", "--namespace", "default"));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).doesNotContain("READY");
  }

  @ParameterizedTest
  @CsvSource({
    "--statefulset,other,'--statefulset: ''other'' is not the StatefulSet of pod glusterfs-1"
        + " (glusterfs)'",
    "--namespace,Default,'--namespace: ''Default'' is not a namespace name (an RFC 1123 label)'",
    "--namespace,a.b,'--namespace: ''a.b'' is not a namespace name (an RFC 1123 label)'",
    "--service,'$(id)','--service: ''$(id)'' is not a Service name (an RFC 1123 label)'",
    "--cluster-domain,'cluster..local','--cluster-domain: ''cluster..local'' is not a DNS"
        + " domain'"
  })
  void theRestOfThePodsIdentityIsCheckedToo(String option, String value, String line)
      throws IOException {
    List<String> identity = new ArrayList<>(List.of("--pod-name", "glusterfs-1"));
    if (!option.equals("--namespace")) {
      identity.addAll(List.of("--namespace", "default"));
    }
    identity.add(option + "=" + value);
    Cli.Run r = Cli.run(args("liveness", identity.toArray(String[]::new)));

    assertUsageErrorAndNothingRun(r, line);
  }

  @Test
  void aGoodIdentityRuns() throws IOException {
    Cli.Run r =
        Cli.run(
            args(
                "liveness",
                "--pod-name",
                "glusterfs-0",
                "--namespace",
                "default",
                "--statefulset",
                "glusterfs",
                "--service",
                "glusterfs",
                "--cluster-domain",
                "cluster.local"));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    assertThat(gluster.calls()).isNotEmpty();
    assertThat(Files.isDirectory(tmp.resolve("state"))).isTrue();
  }
}
