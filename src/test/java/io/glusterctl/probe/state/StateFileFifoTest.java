package io.glusterctl.probe.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.exec.Time;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code state.json} that is a FIFO: opening it for reading blocks until a writer comes, which
 * hung a run past 30 s in the review. The file's type is checked (without following links) before
 * it is opened; and since Java cannot open a file non-blocking, a FIFO put in its place between the
 * check and the open must not block the read either. Each test has a bound, so a read that blocks
 * fails it rather than hanging the build; afterwards a writer is opened on the FIFO, which ends a
 * read still blocked on it.
 */
class StateFileFifoTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  private Path fifo;

  @BeforeEach
  void aFifo() throws Exception {
    fifo = tmp.resolve("state.json");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }

  @AfterEach
  void releaseABlockedReader() {
    Thread t =
        new Thread(
            () -> {
              // WRITE only: a FIFO the temporary directory's clean-up already removed must not come
              // back as a regular file (the directory could then not be deleted: seen in a build)
              try (OutputStream w = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
                w.flush();
              } catch (IOException e) {
                // no reader left: nothing to release
              }
            });
    t.setDaemon(true);
    t.start();
  }

  @Test
  void aFifoAsTheStateFileIsNotOpened() {
    StateStore store = new StateStore(tmp, Time.SYSTEM);

    Loaded<Map<String, String>> read = assertTimeoutPreemptively(BOUND, store::peekEntries);

    assertThat(read.status()).isEqualTo(Loaded.Status.UNREADABLE);
    assertThat(read.warning())
        .isEqualTo("cannot read state file " + fifo + ": not a regular file; starting fresh");
  }

  /** What the read does once the check has passed: here the FIFO is given to it directly. */
  @Test
  void aFifoSwappedInAfterTheCheckDoesNotBlockTheRead() {
    byte[] bytes =
        assertTimeoutPreemptively(BOUND, () -> StateFile.readAtMost(fifo, StateFile.MAX_BYTES));

    assertThat(bytes).isEmpty();
  }
}
