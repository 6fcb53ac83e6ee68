package io.glusterctl.probe.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.exec.ManualTime;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.model.Memory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  private static final String A = "6f1e3c2a-1111-4a4a-9b9b-000000000001";
  private static final String B = "6f1e3c2a-2222-4a4a-9b9b-000000000002";
  private static final Instant T1 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2025-03-01T10:05:30.123Z");

  @TempDir Path tmp;

  private static final Memory SOME = new Memory(Map.of(A, T1), Map.of(B, T2), Map.of(A, T2, B, T1));

  private static StateStore.Session session(StateStore store) {
    LockAttempt a = store.lock(Duration.ofSeconds(2), "test");
    assertThat(a).isInstanceOf(LockAttempt.Acquired.class);
    return ((LockAttempt.Acquired) a).session();
  }

  @Test
  void memoryRoundTrips() {
    StateStore store = new StateStore(tmp.resolve("state"), Time.SYSTEM);
    try (StateStore.Session s = session(store)) {
      assertThat(s.memory().status()).isEqualTo(Loaded.Status.MISSING);
      assertThat(s.memory().value()).isEqualTo(Memory.EMPTY);
      assertThat(s.saveMemory(SOME)).isEqualTo(WriteResult.WRITTEN);
    }
    try (StateStore.Session s = session(store)) {
      Loaded<Memory> loaded = s.memory();
      assertThat(loaded.status()).isEqualTo(Loaded.Status.FOUND);
      assertThat(loaded.warnings()).isEmpty();
      assertThat(loaded.value()).isEqualTo(SOME);
    }
    assertThat(store.peekMemory().value()).isEqualTo(SOME);
  }

  /**
   * Files are 0600 and a directory it makes is 0700; a directory that was there keeps its mode
   * (this program changes only what it made; one others may write to is refused).
   */
  @Test
  void modesAre0700And0600AndADirectoryThatWasThereKeepsItsMode() throws IOException {
    Path dir =
        Files.createDirectory(
            tmp.resolve("state"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    try (StateStore.Session s = session(new StateStore(dir, Time.SYSTEM))) {
      s.saveMemory(SOME);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwxr-xr-x");
    Path made = tmp.resolve("made/state");
    try (StateStore.Session s = session(new StateStore(made, Time.SYSTEM))) {
      s.saveMemory(SOME);
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state.json"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("lock"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aNewDirectoryIsMadeWithItsParents() {
    Path dir = tmp.resolve("a/b/state");
    try (StateStore.Session s = session(new StateStore(dir, Time.SYSTEM))) {
      assertThat(s.saveMemory(SOME).ok()).isTrue();
    }
    assertThat(dir.resolve("state.json")).isRegularFile();
  }

  @Test
  void otherPartsEntriesAreKept() {
    StateStore store = new StateStore(tmp.resolve("state"), Time.SYSTEM);
    try (StateStore.Session s = session(store)) {
      assertThat(s.replace("repair.", Map.of("repair.requested", "2025-03-01T10:00:00Z")).ok())
          .isTrue();
      assertThat(s.saveMemory(SOME).ok()).isTrue();
      assertThat(s.saveMemory(new Memory(Map.of(B, T1), Map.of(), Map.of())).ok()).isTrue();
      Map<String, String> entries = s.entries().value();
      assertThat(entries).containsEntry("repair.requested", "2025-03-01T10:00:00Z");
      assertThat(entries).containsOnlyKeys("repair.requested", "memory.disconnectedSince." + B);
    }
  }

  @Test
  void theFileIsReadableJson() throws IOException {
    try (StateStore.Session s = session(new StateStore(tmp, Time.SYSTEM))) {
      s.saveMemory(new Memory(Map.of(A, T1), Map.of(), Map.of()));
    }
    assertThat(Files.readString(tmp.resolve("state.json")))
        .isEqualTo(
            """
        {
          "format":"glusterctl-probe-state",
          "version":1,
          "entries":{
            "memory.disconnectedSince.%s":"2025-03-01T10:00:00Z"
          }
        }
        """
                .formatted(A));
  }

  @Test
  void corruptFilesStartFreshWithAWarning() throws IOException {
    StateStore store = new StateStore(tmp, Time.SYSTEM);
    Map<String, String> cases =
        Map.of(
            "{\"format\":\"glusterctl-probe-state\",\"version\":1,\"entr", "state file is not JSON",
            "\u0000\u0001\u0002binary", "state file is not JSON",
            "{\"format\":\"something-else\",\"version\":1,\"entries\":{}}",
                "not a glusterctl-probe state file",
            "{\"format\":\"glusterctl-probe-state\",\"version\":2,\"entries\":{}}",
                "state file version 2 is not 1",
            "{\"format\":\"glusterctl-probe-state\",\"version\":1,\"entries\":[]}",
                "state file has no entries",
            "[]", "state file is not JSON");
    for (var c : cases.entrySet()) {
      Files.writeString(tmp.resolve("state.json"), c.getKey());
      try (StateStore.Session s = session(store)) {
        Loaded<Memory> m = s.memory();
        assertThat(m.value()).as(c.getKey()).isEqualTo(Memory.EMPTY);
        assertThat(m.status()).as(c.getKey()).isEqualTo(Loaded.Status.CORRUPT);
        assertThat(m.warning()).as(c.getKey()).startsWith(c.getValue()).endsWith("starting fresh");
        // and the next save repairs it
        assertThat(s.saveMemory(SOME).ok()).isTrue();
        assertThat(s.memory().value()).isEqualTo(SOME);
      }
    }
  }

  @Test
  void badEntriesAreLeftOutAndTheRestIsKept() throws IOException {
    Files.writeString(
        tmp.resolve("state.json"),
        """
        {"format":"glusterctl-probe-state","version":1,"entries":{
          "memory.disconnectedSince.%s":"2025-03-01T10:00:00Z",
          "memory.disconnectedSince.%s":"yesterday",
          "memory.surplusSince.not-a-uuid":"2025-03-01T10:00:00Z",
          "memory.somethingNew.%s":"2025-03-01T10:00:00Z",
          "memory.stuckSince.%s":5,
          "repair.requested":"x"}}
        """
            .formatted(A, B, A, B));
    try (StateStore.Session s = session(new StateStore(tmp, Time.SYSTEM))) {
      Loaded<Memory> m = s.memory();
      assertThat(m.status()).isEqualTo(Loaded.Status.FOUND);
      assertThat(m.value()).isEqualTo(new Memory(Map.of(A, T1), Map.of(), Map.of()));
      assertThat(m.warnings())
          .containsExactlyInAnyOrder(
              "state entry memory.stuckSince." + B + " is not a string; left out",
              "state entry memory.disconnectedSince." + B + " is not a time (yesterday); left out",
              "state entry memory.surplusSince.not-a-uuid is not about a UUID; left out",
              "unknown state entry memory.somethingNew." + A + "; left out");
    }
  }

  @Test
  void anUnreadableFileStartsFresh() throws IOException {
    Files.createDirectory(tmp.resolve("state.json"));
    try (StateStore.Session s = session(new StateStore(tmp, Time.SYSTEM))) {
      Loaded<Memory> m = s.memory();
      assertThat(m.status()).isEqualTo(Loaded.Status.UNREADABLE);
      assertThat(m.value()).isEqualTo(Memory.EMPTY);
      assertThat(m.warning()).startsWith("cannot read state file " + tmp.resolve("state.json"));
      WriteResult w = s.saveMemory(SOME);
      assertThat(w.ok()).isFalse();
      assertThat(((WriteResult.Failed) w).why())
          .startsWith("cannot write state file " + tmp.resolve("state.json"));
    }
  }

  @Test
  void aStateDirectoryThatCannotBeMadeFailsClearly() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    LockAttempt a =
        new StateStore(file.resolve("state"), Time.SYSTEM).lock(Duration.ofSeconds(1), "test");
    assertThat(a).isInstanceOf(LockAttempt.Failed.class);
    assertThat(((LockAttempt.Failed) a).why())
        .startsWith("cannot prepare the state directory " + file.resolve("state") + ": ");
  }

  @Test
  void aLockFileThatIsASymlinkIsRefused() throws IOException {
    Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "");
    Path dir = Files.createDirectory(tmp.resolve("state"));
    Files.createSymbolicLink(dir.resolve("lock"), elsewhere);
    LockAttempt a = new StateStore(dir, Time.SYSTEM).lock(Duration.ofSeconds(1), "test");
    assertThat(a).isInstanceOf(LockAttempt.Failed.class);
    assertThat(((LockAttempt.Failed) a).why())
        .startsWith("cannot open the lock file " + dir.resolve("lock"));
  }

  @Test
  void aSecondChannelFindsTheLockBusyUntilItIsReleased() {
    StateStore store = new StateStore(tmp, Time.SYSTEM);
    StateStore.Session first = session(store);
    long start = System.nanoTime();
    LockAttempt second = store.lock(Duration.ofMillis(300), "readiness");
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(second).isInstanceOf(LockAttempt.Busy.class);
    assertThat(((LockAttempt.Busy) second).why())
        .matches(
            "another run \\(test, pid "
                + ProcessHandle.current().pid()
                + ", since \\S+\\) holds "
                + java.util.regex.Pattern.quote(tmp.resolve("lock").toString())
                + "; waited 300ms");
    assertThat(waited).isBetween(Duration.ofMillis(300), Duration.ofMillis(1500));

    first.close();
    assertThat(first.isHeld()).isFalse();
    try (StateStore.Session third = session(store)) {
      assertThat(third.isHeld()).isTrue();
    }
  }

  @Test
  void theWaitIsMeasuredOnTheGivenClock() {
    ManualTime time = new ManualTime();
    StateStore store = new StateStore(tmp, time);
    try (StateStore.Session held = session(new StateStore(tmp, Time.SYSTEM))) {
      long start = System.nanoTime();
      LockAttempt a = store.lock(Duration.ofSeconds(5), "liveness");
      assertThat(a).isInstanceOf(LockAttempt.Busy.class);
      assertThat(((LockAttempt.Busy) a).why()).endsWith("; waited 5s");
      assertThat(time.nanoTime()).isGreaterThanOrEqualTo(Duration.ofSeconds(5).toNanos());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void anotherJvmHoldingTheLockMakesUsBusyAndItsDeathFreesIt() throws Exception {
    Path dir = tmp.resolve("state");
    Process holder =
        new ProcessBuilder(
                javaBin(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");
      StateStore store = new StateStore(dir, Time.SYSTEM);

      LockAttempt busy = store.lock(Duration.ofMillis(300), "liveness");
      assertThat(busy).isInstanceOf(LockAttempt.Busy.class);
      assertThat(((LockAttempt.Busy) busy).why()).contains("lock-holder, pid " + holder.pid());

      // killed like a run the kubelet gives up on: the kernel releases its lock
      holder.destroyForcibly();
      assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
      LockAttempt after = store.lock(Duration.ofSeconds(2), "liveness");
      assertThat(after).isInstanceOf(LockAttempt.Acquired.class);
      ((LockAttempt.Acquired) after).session().close();
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void leftoverTemporaryFilesAreRemovedByTheNextLockHolder() throws IOException {
    Path leftover = Files.writeString(tmp.resolve("state.json.123456.tmp"), "half a state");
    Path unrelated = Files.writeString(tmp.resolve("notes.tmp"), "not ours");
    try (StateStore.Session s = session(new StateStore(tmp, Time.SYSTEM))) {
      assertThat(leftover).doesNotExist();
      assertThat(unrelated).exists();
    }
  }

  @Test
  void aReaderNeverSeesAHalfWrittenFile() throws Exception {
    StateStore store = new StateStore(tmp, Time.SYSTEM);
    try (StateStore.Session s = session(store)) {
      s.saveMemory(SOME);
      AtomicReference<String> problem = new AtomicReference<>();
      // stopped by a flag, not an interrupt: the read goes through a FileChannel, which an
      // interrupt closes (ClosedByInterruptException), and that is not a half-written file
      java.util.concurrent.atomic.AtomicBoolean stop =
          new java.util.concurrent.atomic.AtomicBoolean();
      Thread reader =
          new Thread(
              () -> {
                while (!stop.get() && problem.get() == null) {
                  Loaded<Memory> m = store.peekMemory();
                  if (m.status() != Loaded.Status.FOUND
                      || m.value().disconnectedSince().isEmpty()) {
                    problem.set(m.status() + " " + m.warnings());
                  }
                }
              });
      reader.start();
      for (int i = 0; i < 300; i++) {
        Map<String, Instant> grow = new java.util.HashMap<>(Map.of(A, T1));
        for (int j = 0; j < i % 50; j++) {
          grow.put(String.format("00000000-0000-4000-8000-%012d", j), T2);
        }
        assertThat(s.saveMemory(new Memory(grow, Map.of(), Map.of())).ok()).isTrue();
      }
      stop.set(true);
      reader.join(5000);
      assertThat(problem.get()).isNull();
    }
  }

  @Test
  void aFullDiskAndAReadOnlyFileSystemAreClearErrorsAndKeepTheOldState() throws Exception {
    Assumptions.assumeTrue(isRoot(), "skipped: the disk-full test mounts a tmpfs and needs root");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "skipped: no unshare");
    Path mount = Files.createDirectory(tmp.resolve("mnt"));
    // a mount namespace of its own: the tmpfs is gone when the child exits, whatever happens
    Process p =
        new ProcessBuilder(
                List.of(
                    "/usr/bin/unshare",
                    "--mount",
                    "--propagation",
                    "private",
                    "--",
                    javaBin(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    DiskFullChild.class.getName(),
                    mount.toString()))
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    assertThat(out).contains("first=Written[]");
    assertThat(out).contains("filled=No space left on device");
    assertThat(out)
        .containsPattern(
            "full=Failed\\[why=cannot write state file \\S+/state/state.json: No space left on device]");
    assertThat(out).contains("afterFullSame=true");
    assertThat(out).contains("leftovers=[]");
    // a write lock needs the lock file open for writing: on a read-only file system there is none
    assertThat(out)
        .containsPattern(
            "readOnlyLock=Failed\\[why=cannot open the lock file \\S+/state/lock: Read-only file system]");
    assertThat(out).contains("readOnlyPeekSame=true");
    assertThat(out)
        .containsPattern(
            "readOnlyNewDir=Failed\\[why=cannot prepare the state directory \\S+/new-state: Read-only file system]");
    // nothing left mounted here
    assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(mount.toString());
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
