package io.glusterctl.probe.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding a session's processes in {@code /proc}, and refusing a {@code /proc} that is not this PID
 * namespace's (its PIDs would name other processes).
 */
class ProcessSessionTest {

  @Test
  void theMachinesProcIsThisProcesssOwn() {
    assertThat(new ProcessSession(Path.of("/proc")).procIsThisNamespaces()).isTrue();
  }

  @Test
  void aSessionIsReadFromTheStatAfterTheCommandName() throws Exception {
    Process p = new ProcessBuilder("/usr/bin/setsid", "sleep", "30").start();
    try {
      ProcessSession s = new ProcessSession(Path.of("/proc"));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (s.sessionOf(p.pid()) != p.pid() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(s.sessionOf(p.pid())).as("setsid made it a session leader").isEqualTo(p.pid());
      assertThat(s.members(p.pid())).extracting(ProcessHandle::pid).containsExactly(p.pid());
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * A planted {@code /proc} whose {@code self} is another PID, in which a child of this test seems
   * to be in session 4242: it is not killed.
   */
  @Test
  void aProcOfAnotherPidNamespaceIsNotUsedToKill(@TempDir Path proc) throws Exception {
    Process child = new ProcessBuilder("sleep", "30").start();
    try {
      Files.createSymbolicLink(proc.resolve("self"), Path.of("1"));
      Path stat = Files.createDirectories(proc.resolve(Long.toString(child.pid()))).resolve("stat");
      Files.writeString(stat, child.pid() + " (sleep) S 1 4242 4242 0 -1 4194560 0 0 0 0\n");
      ProcessSession s = new ProcessSession(proc);

      assertThat(s.procIsThisNamespaces()).isFalse();
      assertThat(s.kill(4242)).isZero();
      assertThat(child.isAlive()).isTrue();
    } finally {
      child.destroyForcibly();
    }
  }
}
