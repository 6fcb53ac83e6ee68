package io.glusterctl.probe.state;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.Time;
import io.glusterctl.probe.model.Memory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The probe's own state directory (mode 0700): a lock that serializes runs on one pod (liveness,
 * preStop and a person at the same time), and the state file (mode 0600) with what must be timed
 * across runs.
 *
 * <pre>
 * if (store.lock(lockWait, "liveness") instanceof LockAttempt.Acquired a) {
 *   try (StateStore.Session s = a.session()) {
 *     Loaded&lt;Memory&gt; memory = s.memory();
 *     ... plan ...
 *     WriteResult w = s.saveMemory(plan.memory());
 *   }
 * }
 * </pre>
 *
 * The lock is an OS file lock ({@code fcntl}) on {@code <dir>/lock}: the kernel releases it when
 * the holder dies, even by SIGKILL, so a killed run never leaves the pod locked.
 */
public final class StateStore {
  static final String LOCK_FILE = "lock";
  static final String STATE_FILE = "state.json";
  private static final String DAMAGED = ".damaged-";
  private static final int KEEP_DAMAGED = 3;
  private static final java.time.format.DateTimeFormatter DAMAGED_STAMP =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", java.util.Locale.ROOT)
          .withZone(java.time.ZoneOffset.UTC);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");

  private final Path dir;
  private final Time time;

  public StateStore(Path dir, Time time) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.time = Objects.requireNonNull(time, "time");
  }

  public Path dir() {
    return dir;
  }

  /**
   * Takes the lock, polling until {@code wait} has passed. Makes the directory (0700) first when it
   * is missing.
   *
   * @param wait how long to wait for another run's lock
   * @param holder who asks ({@code liveness}, {@code reconcile}): written into the lock file, so
   *     that a run that finds the lock busy can say who holds it
   */
  public LockAttempt lock(Duration wait, String holder) {
    try {
      prepareDirectory();
    } catch (RefusedDirectory e) {
      return new LockAttempt.Failed(e.getMessage());
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return new LockAttempt.Failed(
          "cannot prepare the state directory " + dir + ": " + StateFile.reason(e));
    }
    Path lockPath = dir.resolve(LOCK_FILE);
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              lockPath,
              Set.of(
                  StandardOpenOption.CREATE,
                  StandardOpenOption.READ,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(FILE_MODE));
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return new LockAttempt.Failed(
          "cannot open the lock file " + lockPath + ": " + StateFile.reason(e));
    }
    Deadline deadline = Deadline.in(wait, time);
    try {
      while (true) {
        FileLock lock = tryLock(channel);
        if (lock != null) {
          Session session = new Session(channel, lock);
          session.writeHolder(holder);
          removeLeftoverTemporaryFiles();
          return new LockAttempt.Acquired(session);
        }
        if (deadline.expired()) {
          String who = readHolder(channel);
          channel.close();
          return new LockAttempt.Busy(
              "another run"
                  + (who.isEmpty() ? "" : " (" + who + ")")
                  + " holds "
                  + lockPath
                  + "; waited "
                  + seconds(wait));
        }
        time.sleep(deadline.min(POLL));
      }
    } catch (IOException e) {
      closeQuietly(channel);
      return new LockAttempt.Failed("cannot lock " + lockPath + ": " + StateFile.reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(channel);
      return new LockAttempt.Failed("interrupted while waiting for " + lockPath);
    }
  }

  /**
   * The memory as it is on disk, without the lock (for {@code status}: the file is replaced
   * atomically, so this sees a whole state, perhaps about to be replaced).
   */
  public Loaded<Memory> peekMemory() {
    return MemoryEntries.fromEntries(peekEntries());
  }

  /**
   * Every entry as it is on disk, without the lock (read-only commands, pending repairs); nothing
   * from a directory that {@link #refusal()} refuses: anyone who may write there could plant a
   * repair request.
   */
  public Loaded<Map<String, String>> peekEntries() {
    Optional<String> refused = refusal();
    if (refused.isPresent()) {
      return new Loaded<>(
          Map.of(), Loaded.Status.UNREADABLE, List.of(refused.get() + "; not read"));
    }
    return stateFile().read();
  }

  private StateFile stateFile() {
    return new StateFile(dir.resolve(STATE_FILE));
  }

  /**
   * Makes the directory (0700, with its parents) when it is missing; an existing one must pass
   * {@link #refusal()}, and its mode is never changed: this program changes only what it made.
   */
  private void prepareDirectory() throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
      return;
    }
    Optional<String> refused = refusal();
    if (refused.isPresent()) {
      throw new RefusedDirectory(refused.get());
    }
  }

  /**
   * Why an existing state directory must not be used, if it must not: it holds the lock and the
   * repair record, which can make {@code prestart} clear the glusterd directory, so it must be a
   * real directory (no link followed) of this process's user that other users may not write to
   * (mode o+w; group write is accepted, as a pod's {@code fsGroup} gives it to volumes). Empty when
   * it may be used, or is missing.
   */
  public Optional<String> refusal() {
    try {
      PosixFileAttributes a =
          Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      String why = null;
      if (a.isSymbolicLink()) {
        why = "it is a symbolic link";
      } else if (!a.isDirectory()) {
        why = "it is not a directory";
      } else {
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Set<PosixFilePermission> p = a.permissions();
        if (owner != me) {
          why = "it belongs to uid " + owner + ", not to this process's user (uid " + me + ")";
        } else if (p.contains(PosixFilePermission.OTHERS_WRITE)) {
          // group-writable is accepted: a pod's fsGroup makes its volumes group-writable
          why = "others may write to it (mode " + PosixFilePermissions.toString(p) + ")";
        }
      }
      return Optional.ofNullable(why).map(w -> "refusing the state directory " + dir + ": " + w);
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of(
          "refusing the state directory " + dir + ": cannot look at it (" + e.getMessage() + ")");
    }
  }

  /** An existing state directory this program must not use; the message says why. */
  private static final class RefusedDirectory extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedDirectory(String why) {
      super(why);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // held by this very JVM, through another channel
      return null;
    }
  }

  private static String readHolder(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(512);
      channel.read(buf, 0);
      String s = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
      return s.replaceAll("[^\\x20-\\x7e]", " ");
    } catch (IOException e) {
      return "";
    }
  }

  /** Temporary files of a run that died while writing: only the lock holder removes them. */
  private void removeLeftoverTemporaryFiles() {
    try (DirectoryStream<Path> leftovers =
        Files.newDirectoryStream(dir, STATE_FILE + ".*" + StateFile.TEMP_SUFFIX)) {
      for (Path p : leftovers) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | SecurityException e) {
      // harmless: they are ignored by readers
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing releases the lock, if any; nothing else to do
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /**
   * The lock, held; reads and writes of the state file go through it. Closing releases the lock.
   */
  public final class Session implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private Session(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    public Path stateFile() {
      return StateStore.this.stateFile().path();
    }

    /**
     * The memory; {@link Memory#EMPTY} with a warning when the file is missing, unreadable or
     * corrupt.
     */
    public Loaded<Memory> memory() {
      return MemoryEntries.fromEntries(entries());
    }

    /** Replaces the memory's entries and keeps every other entry. */
    public WriteResult saveMemory(Memory memory) {
      return replace(MemoryEntries.PREFIX, MemoryEntries.toEntries(memory));
    }

    /** Every entry of the state file. */
    public Loaded<Map<String, String>> entries() {
      return StateStore.this.stateFile().read();
    }

    /**
     * Replaces all entries whose key starts with {@code prefix} by {@code replacement} (whose keys
     * must start with it too), keeping the others: each part of the program owns a prefix ({@code
     * memory.}, later {@code repair.}).
     */
    public WriteResult replace(String prefix, Map<String, String> replacement) {
      for (String key : replacement.keySet()) {
        if (!key.startsWith(prefix)) {
          throw new IllegalArgumentException(key + " does not start with " + prefix);
        }
      }
      Map<String, String> all = new TreeMap<>(entries().value());
      all.keySet().removeIf(k -> k.startsWith(prefix));
      all.putAll(replacement);
      return StateStore.this.stateFile().write(all);
    }

    /**
     * Moves the state file aside, as it is (a link, a FIFO, a file cut short), to {@code
     * state.json.damaged-<time>}, so that no write replaces what a person may want to look at; the
     * three newest are kept. Returns where it went.
     */
    public Path keepAside(Instant now) throws IOException {
      Path file = stateFile();
      String stamp = DAMAGED_STAMP.format(now);
      Path aside = dir.resolve(STATE_FILE + DAMAGED + stamp);
      for (int n = 1; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); n++) {
        aside = dir.resolve(STATE_FILE + DAMAGED + stamp + "-" + n);
      }
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
      try (DirectoryStream<Path> kept = Files.newDirectoryStream(dir, STATE_FILE + DAMAGED + "*")) {
        List<Path> all = new ArrayList<>();
        kept.forEach(all::add);
        all.sort(java.util.Comparator.reverseOrder());
        for (Path old : all.subList(Math.min(KEEP_DAMAGED, all.size()), all.size())) {
          Files.deleteIfExists(old);
        }
      }
      return aside;
    }

    private void writeHolder(String holder) {
      String line =
          (holder == null || holder.isBlank() ? "" : holder + ", ")
              + "pid "
              + ProcessHandle.current().pid()
              + ", since "
              + time.now()
              + "\n";
      try {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
      } catch (IOException e) {
        // only informational; the lock is what counts
      }
    }

    public boolean isHeld() {
      return lock.isValid();
    }

    @Override
    public void close() {
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel releases it too
      }
      closeQuietly(channel);
    }
  }
}
