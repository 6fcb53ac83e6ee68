package io.glusterctl.probe.state;

import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.model.Memory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside {@code unshare --mount} (a mount namespace of its own, gone when it exits): mounts a
 * tiny tmpfs, fills it, and reports what the state store does; then remounts it read-only and
 * reports again. One {@code key=value} line per finding.
 */
public final class DiskFullChild {
  private DiskFullChild() {}

  public static void main(String[] args) throws Exception {
    Path mount = Path.of(args[0]);
    run("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "gad-state", mount.toString());
    Path dir = mount.resolve("state");
    StateStore store = new StateStore(dir, Time.SYSTEM);
    Memory before = memory(1);
    try (StateStore.Session s = session(store)) {
      System.out.println("first=" + s.saveMemory(before));
    }
    try (OutputStream filler = Files.newOutputStream(mount.resolve("filler"))) {
      byte[] block = new byte[4096];
      while (true) {
        filler.write(block);
        filler.flush();
      }
    } catch (IOException full) {
      System.out.println("filled=" + full.getMessage());
    }
    try (StateStore.Session s = session(store)) {
      System.out.println("full=" + s.saveMemory(memory(400)));
      System.out.println("afterFullSame=" + s.memory().value().equals(before));
    }
    System.out.println("leftovers=" + leftovers(dir));

    Files.delete(mount.resolve("filler"));
    run("mount", "-o", "remount,ro", mount.toString());
    try (StateStore.Session s = session(store)) {
      System.out.println("readOnly=" + s.saveMemory(memory(2)));
      System.out.println("afterReadOnlySame=" + s.memory().value().equals(before));
    } catch (IllegalStateException e) {
      System.out.println("readOnlyLock=" + e.getMessage());
    }
    System.out.println("readOnlyPeekSame=" + store.peekMemory().value().equals(before));
    StateStore fresh = new StateStore(mount.resolve("new-state"), Time.SYSTEM);
    System.out.println("readOnlyNewDir=" + fresh.lock(Duration.ofMillis(100), "test"));
  }

  private static StateStore.Session session(StateStore store) {
    LockAttempt a = store.lock(Duration.ofSeconds(1), "disk-full-test");
    if (a instanceof LockAttempt.Acquired acquired) {
      return acquired.session();
    }
    throw new IllegalStateException(a.toString());
  }

  private static Memory memory(int peers) {
    Map<String, Instant> m = new HashMap<>();
    for (int i = 0; i < peers; i++) {
      m.put(
          String.format("%08d-0000-4000-8000-000000000000", i),
          Instant.ofEpochSecond(1_700_000_000L + i));
    }
    return new Memory(m, m, m);
  }

  private static List<String> leftovers(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
    }
  }

  private static void run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " failed");
    }
  }
}
