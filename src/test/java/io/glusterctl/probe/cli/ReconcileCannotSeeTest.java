package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.verdict.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reconcile} when it cannot see what it needs: exit 3 ("cannot see: an observation the
 * answer needs is Unknown (nothing was done)", README), never 0, which a person or a CI job reads
 * as "the pool is as it should be". The desired members come from DNS at 127.0.0.1:1, where nothing
 * listens (a cluster DNS outage).
 */
class ReconcileCannotSeeTest {
  @TempDir Path tmp;

  private List<String> args(String command, FakeGluster g) throws IOException {
    Path glusterd = Files.createDirectories(tmp.resolve("glusterd"));
    return new ArrayList<>(
        List.of(
            command,
            "--gluster",
            g.script.toString(),
            "--state-dir",
            tmp.resolve("state").toString(),
            "--glusterd-dir",
            glusterd.toString(),
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
            "cluster.local",
            "--deadline",
            "5s"));
  }

  @Test
  void reconcileWithAKnownPoolAndUnknownDesiredMembersExitsThreeAndChangesNothing()
      throws Exception {
    FakeGluster g = FakeGluster.write(tmp, FakeGluster.cat("peer-status-2-peers.xml"));

    Cli.Run r = Cli.run(args("reconcile", g));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CANNOT_SEE);
    assertThat(r.out()).contains("ERROR the desired members could not be read");
    assertThat(g.calls())
        .allSatisfy(c -> assertThat(c).doesNotContain("probe").doesNotContain("detach"));
  }

  @Test
  void aDryRunThatCannotSeeTheDesiredMembersExitsThreeToo() throws Exception {
    FakeGluster g = FakeGluster.write(tmp, FakeGluster.cat("peer-status-2-peers.xml"));

    List<String> a = args("reconcile", g);
    a.add("--dry-run");
    Cli.Run r = Cli.run(a);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CANNOT_SEE);
  }
}
