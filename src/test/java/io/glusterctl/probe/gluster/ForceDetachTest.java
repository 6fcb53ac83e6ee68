package io.glusterctl.probe.gluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.exec.CommandResult;
import io.glusterctl.probe.exec.CommandRunner;
import io.glusterctl.probe.exec.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code peer detach <host> force}: the argv the CLI gets, and what glusterd's captured answers
 * (test-fixtures, capture-scale.sh) mean to the program; and that a plain detach never says {@code
 * force}.
 */
class ForceDetachTest {
  private static final String F4 = "glusterfs-4.glusterfs.default.svc.cluster.local";

  private static String fixture(String name) throws IOException {
    return Files.readString(Path.of("test-fixtures", name), StandardCharsets.UTF_8);
  }

  /** Answers every call with {@code stdout}, exit 0 (the CLI's --xml answers), and records argv. */
  private static final class Answering implements CommandRunner {
    final List<List<String>> argvs = new ArrayList<>();
    final String stdout;

    Answering(String stdout) {
      this.stdout = stdout;
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
      argvs.add(argv);
      return new CommandResult(0, stdout, "", false, Duration.ofMillis(5));
    }
  }

  private static CliGlusterClient client(CommandRunner r) {
    return new CliGlusterClient(
        "gluster", r, Duration.ofSeconds(8), Deadline.in(Duration.ofMinutes(1)), Path.of("/nope"));
  }

  @Test
  void forceIsTheLastArgumentAndGlusterdsSuccessIsDone() throws IOException {
    Answering r = new Answering(fixture("peer-detach-force-peer-down.xml"));
    GlusterClient.Outcome o = client(r).forceDetach(F4);
    assertThat(r.argvs)
        .containsExactly(
            List.of(
                "gluster", "--mode=script", "--timeout=8", "--xml", "peer", "detach", F4, "force"));
    assertThat(o.ok()).isTrue();
    assertThat(o.message()).isEqualTo("peer detach " + F4 + " force: success");
  }

  @Test
  void aPlainDetachRefusedWhileAPeerIsDownIsNotDoneAndSaysWhy() throws IOException {
    Answering r = new Answering(fixture("peer-detach-peer-down.xml"));
    GlusterClient.Outcome o = client(r).detach(F4);
    assertThat(r.argvs.get(0)).doesNotContain("force").endsWith("peer", "detach", F4);
    assertThat(o.ok()).isFalse();
    assertThat(o.message()).contains("One of the peers is probably down");
  }

  @Test
  void forceStillFailsForABrickHost() throws IOException {
    Answering r = new Answering(fixture("peer-detach-brick-host-force.xml"));
    GlusterClient.Outcome o = client(r).forceDetach(F4);
    assertThat(o.ok()).isFalse();
    assertThat(o.message()).contains("hosts one or more bricks");
  }
}
