package io.glusterctl.probe.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against real processes: every case runs a real program. */
class ProcessCommandRunnerTest {
  private final ProcessCommandRunner runner = new ProcessCommandRunner();

  @Test
  void exitCodeStdoutAndStderrAreReported() {
    CommandResult r =
        runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(5));

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.timedOut()).isFalse();
    assertThat(r.started()).isTrue();
    assertThat(r.succeeded()).isFalse();
    assertThat(r.outputTruncated()).isFalse();
    assertThat(r.summary()).isEqualTo("exit 3: err");
  }

  @Test
  void successIsExitZero() {
    assertThat(runner.run(List.of("true"), Duration.ofSeconds(5)).succeeded()).isTrue();
    CommandResult f = runner.run(List.of("false"), Duration.ofSeconds(5));
    assertThat(f.exitCode()).isEqualTo(1);
    assertThat(f.summary()).isEqualTo("exit 1");
  }

  @Test
  void argumentsAreNotInterpretedByAShell() {
    CommandResult r =
        runner.run(
            List.of("printf", "%s|", "a b", "$(id)", "; rm -rf /", "*"), Duration.ofSeconds(5));
    assertThat(r.stdout()).isEqualTo("a b|$(id)|; rm -rf /|*|");
  }

  @Test
  void stdinIsClosed() {
    // cat would wait for input forever if stdin were left open
    CommandResult r = runner.run(List.of("cat"), Duration.ofSeconds(5));
    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitCode()).isZero();
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void sleepIsKilledAtItsDeadline() {
    CommandResult r = runner.run(List.of("sleep", "30"), Duration.ofMillis(200));

    assertThat(r.timedOut()).isTrue();
    assertThat(r.succeeded()).isFalse();
    assertThat(r.elapsed()).isBetween(Duration.ofMillis(200), Duration.ofSeconds(3));
    assertThat(r.exitCode()).isEqualTo(137); // 128 + SIGKILL
    assertThat(r.summary()).startsWith("timed out after 0.").endsWith("and was killed");
  }

  @Test
  void descendantsThatIgnoreSigtermAreKilledToo() throws Exception {
    // sh -> sh -> sleep, the sleep ignoring SIGTERM; the inner sh prints the sleep's PID
    String inner = "trap '' TERM; sleep 300 & echo \\$!; wait";
    CommandResult r =
        runner.run(List.of("sh", "-c", "sh -c \"" + inner + "\" & wait"), Duration.ofMillis(500));

    assertThat(r.timedOut()).isTrue();
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(4));
    long sleepPid = Long.parseLong(r.stdout().strip());
    assertThat(ignoresSigterm(sleepPid) || isGone(sleepPid)).isTrue();
    assertThat(waitGone(sleepPid, Duration.ofSeconds(2)))
        .as("grandchild %d is gone", sleepPid)
        .isTrue();
  }

  @Test
  void aTenMegabyteOutputIsDrainedAndCappedWithoutDeadlock() {
    // 10 MB on each stream at once: a runner that read one stream after the other would block
    CommandResult r =
        runner.run(
            List.of(
                "sh", "-c", "head -c 10000000 /dev/zero >&2 & head -c 10000000 /dev/zero; wait"),
            Duration.ofSeconds(20));

    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).hasSize(ProcessCommandRunner.DEFAULT_OUTPUT_CAP);
    assertThat(r.stderr()).hasSize(ProcessCommandRunner.DEFAULT_OUTPUT_CAP);
    assertThat(r.outputTruncated()).isTrue();
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aSmallCapKeepsTheStartOfTheOutput() {
    ProcessCommandRunner small = new ProcessCommandRunner(Time.SYSTEM, 5, Map.of());
    CommandResult r = small.run(List.of("echo", "0123456789"), Duration.ofSeconds(5));
    assertThat(r.stdout()).isEqualTo("01234");
    assertThat(r.outputTruncated()).isTrue();
    assertThat(r.succeeded()).isTrue();
  }

  @Test
  void theEnvironmentCanBeSet() {
    ProcessCommandRunner withEnv =
        new ProcessCommandRunner(Time.SYSTEM, 1024, Map.of("GAD_PROBE_VAR", "x y"));
    CommandResult r = withEnv.run(List.of("printenv", "GAD_PROBE_VAR"), Duration.ofSeconds(5));
    assertThat(r.stdout()).isEqualTo("x y\n");
  }

  @Test
  void aMissingExecutableIsAResultNotACrash() {
    for (String program : List.of("/nonexistent/gluster", "gad-no-such-program")) {
      CommandResult r = runner.run(List.of(program, "peer", "status"), Duration.ofSeconds(5));

      assertThat(r.started()).isFalse();
      assertThat(r.succeeded()).isFalse();
      assertThat(r.timedOut()).isFalse();
      assertThat(r.exitCode()).isEqualTo(CommandResult.NOT_STARTED);
      assertThat(r.summary()).isEqualTo("cannot run " + program + ": No such file or directory");
    }
  }

  @Test
  void aFileThatIsNotExecutableIsAResultNotACrash(@TempDir Path dir) throws IOException {
    Path script = Files.writeString(dir.resolve("gluster"), "#!/bin/sh\necho hi\n");
    CommandResult r = runner.run(List.of(script.toString()), Duration.ofSeconds(5));
    assertThat(r.started()).isFalse();
    assertThat(r.summary()).isEqualTo("cannot run " + script + ": Permission denied");
  }

  @Test
  void noTimeLeftMeansNotStarted() {
    CommandResult r = runner.run(List.of("true"), Duration.ZERO);
    assertThat(r.started()).isFalse();
    assertThat(r.timedOut()).isTrue();
    assertThat(r.summary()).contains("no time left");
  }

  @Test
  void aDeadlineGivesTheTimeout() {
    Deadline d = Deadline.in(Duration.ofMillis(300));
    CommandResult r = runner.run(List.of("sleep", "30"), d);
    assertThat(r.timedOut()).isTrue();
    assertThat(d.expired()).isTrue();
  }

  @Test
  void anOrphanHoldingStdoutOpenDoesNotHoldUpTheResultAndIsKilled() throws Exception {
    // the shell exits at once; the background sleep keeps stdout open and outlives it, no longer a
    // descendant. The result comes at most a second after the exit, with everything the shell
    // printed; the rest of the stream is given up (the JDK sometimes ends it itself when the
    // process exits, sometimes not: either way the output is marked incomplete only when it was).
    // What the call left running is killed when it ends: it ran in a session of its own.
    CommandResult r =
        runner.run(List.of("sh", "-c", "sleep 300 & echo $!"), Duration.ofSeconds(20));
    long orphan = Long.parseLong(r.stdout().strip());
    try {
      assertThat(r.exitCode()).isZero();
      assertThat(r.timedOut()).isFalse();
      // well below the 20 s timeout it would take if the result waited for the orphan's stdout;
      // not a benchmark bound: a loaded 2-core CI machine takes seconds to schedule the drain
      assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(10));
      assertThat(waitGone(orphan, Duration.ofSeconds(3)))
          .as("the orphaned sleep %d is gone", orphan)
          .isTrue();
    } finally {
      ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * A CLI that starts a helper which starts a {@code sleep} and exits at once (the sleep is
   * re-parented, no longer a descendant of the CLI), and then hangs: when the CLI is killed at its
   * timeout, the sleep must go too. The script writes the sleep's PID to a file, the only way the
   * test can find it; the test kills it by that PID if it survived.
   */
  @Test
  void aGrandchildOrphanedBeforeTheTimeoutIsKilledWithTheCall(@TempDir Path dir) throws Exception {
    Path pidFile = dir.resolve("sleep.pid");
    Path cli =
        Files.writeString(
            dir.resolve("gluster"),
            "#!/bin/sh\n"
                + "sh -c 'sleep 300 </dev/null >/dev/null 2>&1 & echo $! > \"$1\"' sh '"
                + pidFile
                + "'\n"
                + "sleep 300\n");
    Files.setPosixFilePermissions(
        cli, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    long orphan = -1;
    try {
      CommandResult r = runner.run(List.of(cli.toString()), Duration.ofMillis(1500));
      orphan = Long.parseLong(Files.readString(pidFile).strip());

      assertThat(r.timedOut()).isTrue();
      assertThat(waitGone(orphan, Duration.ofSeconds(3)))
          .as("the orphaned sleep %d of a killed CLI is gone", orphan)
          .isTrue();
    } finally {
      if (orphan > 0) {
        ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static boolean ignoresSigterm(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
        return (mask & (1L << (15 - 1))) != 0;
      }
    }
    return false;
  }

  /** Gone, or a zombie waiting for init to reap it: either way it runs no more. */
  static boolean isGone(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String s = Files.readString(stat);
      return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return true;
    }
  }

  static boolean waitGone(long pid, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < end) {
      if (isGone(pid)) {
        return true;
      }
      Thread.sleep(20);
    }
    return isGone(pid);
  }
}
