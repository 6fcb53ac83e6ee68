package io.glusterctl.probe.repair;

import io.glusterctl.probe.exec.Deadline;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The file operations of a repair on glusterd's working directory ({@code /var/lib/glusterd}): back
 * up, clear all but {@code glusterd.info}, write peer files. Touches only files inside that
 * directory and the backup directory; never follows a symbolic link (a link is copied and removed
 * as a link, never traversed). Backups are readable by root only and never deleted by a repair
 * except the oldest beyond the count kept.
 *
 * <p>Peer files as glusterd 10.3 writes them: {@code peers/<uuid>} with lines {@code uuid=}, {@code
 * state=} (3 = Peer in Cluster) and {@code hostname1=}.
 */
public final class GlusterdStateDir {
  static final String INFO = "glusterd.info";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Path dir;
  private final Path backups;
  private final Deadline deadline;
  private final FileSync sync;

  /**
   * @param dir glusterd's working directory
   * @param backups where backups go (outside {@code dir})
   * @param deadline the run's: a backup or a clear stops between two files when it comes near
   * @param sync makes copied files and renamed names durable before anything is deleted
   */
  public GlusterdStateDir(Path dir, Path backups, Deadline deadline, FileSync sync) {
    this.dir = dir;
    this.backups = backups;
    this.deadline = deadline;
    this.sync = sync;
  }

  /** Without a deadline of its own (a repair that nothing times), fsyncing for real. */
  public GlusterdStateDir(Path dir, Path backups) {
    this(dir, backups, Deadline.in(ChronoUnit.FOREVER.getDuration()), FileSync.SYSTEM);
  }

  public Path dir() {
    return dir;
  }

  /**
   * Refuses a glusterd directory that is itself a link or not a directory, and backups inside it
   * (they would be copied into themselves and deleted by {@link #clearAllButInfo}). Every change
   * below checks this first.
   */
  public void checkSafe() throws IOException {
    if (Files.isSymbolicLink(dir)) {
      throw new IOException(dir + " is a symbolic link: refusing to repair through it");
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dir + " is not a directory");
    }
    Path d = dir.toAbsolutePath().normalize();
    Path b = backups.toAbsolutePath().normalize();
    if (b.startsWith(d) || realOrSelf(b).startsWith(dir.toRealPath())) {
      throw new IOException(
          "the backup directory " + backups + " is inside " + dir + ": refusing to repair");
    }
  }

  /** The real path of {@code p}'s nearest existing ancestor (or itself), with the rest appended. */
  private static Path realOrSelf(Path p) throws IOException {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing == null ? p : existing.toRealPath().resolve(existing.relativize(p));
  }

  /**
   * Copies the whole directory to {@code backups/glusterd-<time>-<label>} (mode 0700). The copy is
   * made under that name plus {@value #PARTIAL} and renamed when it is complete, so that a
   * directory under a backup's name is always a whole copy: a copy that fails (a full disk) is
   * deleted, and one left by a killed run is removed by the next {@link #pruneBackups}. Every
   * copied file and directory is fsynced before the rename, and the backup and the directory that
   * holds it after it, so that after a power cut a backup under its final name is whole: a repair
   * deletes nothing before this returns.
   */
  public Path backup(Instant now, String label) throws IOException {
    checkSafe();
    prepareBackups();
    Path target = backups.resolve("glusterd-" + STAMP.format(now) + "-" + label);
    int n = 1;
    while (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        || Files.exists(partial(target), LinkOption.NOFOLLOW_LINKS)) {
      target = backups.resolve("glusterd-" + STAMP.format(now) + "-" + label + "-" + n++);
    }
    Path dest = partial(target);
    Files.createDirectory(dest, OWNER_ONLY);
    try {
      copyInto(dest);
    } catch (OutOfTime e) {
      // left as it is: deleting it would take time there is not; the next repair's pruning
      // removes it, and it is never under a backup's name
      throw new OutOfTime(e.getMessage() + ": the copy is left as " + dest + "; nothing cleared");
    } catch (IOException | RuntimeException e) {
      try {
        deleteTree(dest);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    Files.move(dest, target, StandardCopyOption.ATOMIC_MOVE);
    sync.force(target);
    sync.force(backups);
    return target;
  }

  private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  /**
   * Makes the backup directory (0700) when it is missing. One that is there must be a directory,
   * not a link (the backups would go wherever it points); its mode is left as it is.
   */
  private void prepareBackups() throws IOException {
    if (!Files.exists(backups, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(backups, OWNER_ONLY);
      sync.force(backups.toAbsolutePath().getParent());
      return;
    }
    if (Files.isSymbolicLink(backups)) {
      throw new IOException(backups + " is a symbolic link: refusing to back up through it");
    }
    if (!Files.isDirectory(backups, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(backups + " is not a directory");
    }
  }

  /** What a backup is called while it is being copied. */
  static final String PARTIAL = ".partial";

  private static Path partial(Path target) {
    return target.resolveSibling(target.getFileName() + PARTIAL);
  }

  /**
   * The run's deadline came near while a backup was copied or the directory cleared: the work
   * stopped between two files, and the message says what was done and what was left.
   */
  public static final class OutOfTime extends IOException {
    OutOfTime(String message) {
      super(message);
    }
  }

  /**
   * Copies the directory into {@code dest}, then fsyncs each copied file and then each directory,
   * deepest first; stops between two files when no more than {@link Deadline#SAFETY_MARGIN} is
   * left, which the clear and the peer files after it need. The forces come after the whole copy,
   * not one after each file, so that one journal commit carries many files (measured on this
   * project's 2-core machine with 3000 small files: 1.7 s with a force after each, 1.5 s with the
   * forces after the copy). Each file is still forced before the rename, and so before any delete.
   */
  private void copyInto(Path dest) throws IOException {
    List<Path> files = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
              throws IOException {
            checkTime("backing up " + dir + " after " + files.size() + " files");
            Path t = dest.resolve(dir.relativize(d).toString());
            if (!d.equals(dir)) {
              Files.createDirectory(t);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            checkTime("backing up " + dir + " after " + files.size() + " files");
            Path t = dest.resolve(dir.relativize(f).toString());
            Files.copy(f, t, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
            if (a.isRegularFile()) {
              files.add(t);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            dirs.add(dest.resolve(dir.relativize(d).toString())); // deepest first
            return FileVisitResult.CONTINUE;
          }
        });
    int forced = 0;
    for (Path f : files) {
      checkTime("making the backup of " + dir + " durable after " + forced + " of " + files.size());
      sync.force(f);
      forced++;
    }
    for (Path d : dirs) {
      sync.force(d); // the names of what was copied into it
    }
  }

  private void checkTime(String doing) throws OutOfTime {
    if (!deadline.hasRoomFor(Duration.ZERO)) {
      throw new OutOfTime("run deadline reached while " + doing);
    }
  }

  /** Deletes the oldest backups beyond {@code keep}. Returns what it deleted. */
  public List<Path> pruneBackups(int keep) throws IOException {
    return pruneBackups(keep, Set.of());
  }

  /**
   * Deletes the oldest backups beyond {@code keep}, never {@code justMade} (it counts as one of
   * those kept): backups are ordered by the time in their names, and a clock that was once ahead
   * would otherwise make the backup a repair just took the first to go. Returns what it deleted.
   */
  public List<Path> pruneBackups(int keep, Path justMade) throws IOException {
    return pruneBackups(keep, justMade == null ? Set.of() : Set.of(justMade));
  }

  /**
   * Deletes the oldest backups beyond {@code keep}, never one of {@code kept} (they count among
   * those kept): the backup a repair just took, and the one taken before the first attempt of a
   * series of repairs, which must outlast the series. Returns what it deleted.
   */
  public List<Path> pruneBackups(int keep, Set<Path> kept) throws IOException {
    List<Path> deleted = new ArrayList<>();
    if (!Files.isDirectory(backups, LinkOption.NOFOLLOW_LINKS)) {
      return deleted;
    }
    Set<Path> keptHere = new java.util.HashSet<>();
    for (Path k : kept) {
      keptHere.add(backups.resolve(k.getFileName()));
    }
    List<Path> all;
    List<Path> unfinished;
    try (Stream<Path> s = Files.list(backups)) {
      List<Path> dirs =
          s.filter(p -> p.getFileName().toString().startsWith("glusterd-"))
              .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> !keptHere.contains(p))
              .sorted()
              .toList();
      unfinished = dirs.stream().filter(p -> p.getFileName().toString().endsWith(PARTIAL)).toList();
      all = dirs.stream().filter(p -> !unfinished.contains(p)).toList();
    }
    // copies left by a run that was killed while it copied: never a backup (runs hold the lock)
    for (Path p : unfinished) {
      deleteTree(p);
      deleted.add(p);
    }
    long stillThere =
        keptHere.stream().filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).count();
    long others = Math.max(0, keep - stillThere);
    for (int i = 0; i < all.size() - others; i++) {
      if (!deadline.hasRoomFor(Duration.ZERO)) {
        break; // the rest is pruned by the next repair; the time left is the repair's
      }
      deleteTree(all.get(i));
      deleted.add(all.get(i));
    }
    return deleted;
  }

  /**
   * What a repair keeps: this node's identity, and the files the glusterfs-server package ships
   * into the directory ({@code hooks/} scripts, {@code groups/} option sets), which are not pool
   * state.
   */
  static final java.util.Set<String> KEPT = java.util.Set.of(INFO, "hooks", "groups");

  /**
   * Deletes the pool state in the directory: everything except {@code glusterd.info} and the
   * package's {@code hooks/} and {@code groups/}. Begins only when more than {@link
   * Deadline#SAFETY_MARGIN} is left (else nothing is deleted); once begun, it goes on until the
   * deadline itself, and stops there between two files, saying how far it got.
   */
  public void clearAllButInfo() throws IOException {
    checkSafe();
    if (!deadline.hasRoomFor(Duration.ZERO)) {
      throw new OutOfTime("run deadline reached before clearing " + dir + ": nothing cleared");
    }
    int[] deleted = {0};
    DeleteCheck inTime =
        () -> {
          if (deadline.expired()) {
            throw new OutOfTime(
                "run deadline reached while clearing "
                    + dir
                    + " after deleting "
                    + deleted[0]
                    + " files and directories: the rest is left; the next attempt clears it");
          }
          deleted[0]++;
        };
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (!KEPT.contains(p.getFileName().toString())) {
          deleteTree(p, inTime);
        }
      }
    }
  }

  /** Rewrites {@code glusterd.info} with this UUID, keeping its other lines. */
  public void writeUuid(String uuid) throws IOException {
    checkSafe();
    Path info = dir.resolve(INFO);
    List<String> lines = new ArrayList<>();
    if (Files.isRegularFile(info, LinkOption.NOFOLLOW_LINKS)) {
      for (String l : Files.readAllLines(info, StandardCharsets.UTF_8)) {
        if (!l.startsWith("UUID=")) {
          lines.add(l);
        }
      }
    }
    lines.add(0, "UUID=" + uuid);
    writeAtomically(info, String.join("\n", lines) + "\n");
  }

  private static final java.util.regex.Pattern UUID =
      java.util.regex.Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Whether {@code s} is a UUID as glusterd writes it (and so a safe file name in peers/). */
  public static boolean isUuid(String s) {
    return s != null && UUID.matcher(s).matches();
  }

  /**
   * Writes {@code peers/<uuid>} for each member, in state 3 (Peer in Cluster). Every UUID and name
   * is checked before the first file is written: a UUID is the file's name, a name a line in it.
   */
  public void writePeers(List<PoolMember> members) throws IOException {
    checkSafe();
    for (PoolMember m : members) {
      if (!isUuid(m.uuid()) || !io.glusterctl.probe.model.HostNames.isValid(m.hostname())) {
        throw new IOException("not a UUID and a host name: refusing to write a peer file for them");
      }
    }
    Path peers = dir.resolve("peers");
    if (Files.isSymbolicLink(peers)) {
      throw new IOException(peers + " is a symbolic link: refusing to write through it");
    }
    if (!Files.exists(peers, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(peers);
      sync.force(dir);
    }
    for (PoolMember m : members) {
      writeAtomically(peers.resolve(m.uuid()), peerFile(m));
    }
  }

  /** Sets {@code state=3} in an existing peer file, keeping its other lines. */
  public boolean setPeerInCluster(String uuid) throws IOException {
    checkSafe();
    if (!isUuid(uuid)) {
      throw new IOException("not a UUID: refusing to touch peers/ for it");
    }
    Path peers = dir.resolve("peers");
    if (Files.isSymbolicLink(peers)) {
      throw new IOException(peers + " is a symbolic link: refusing to write through it");
    }
    Path f = peers.resolve(uuid);
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      out.add(l.startsWith("state=") ? "state=3" : l);
    }
    writeAtomically(f, String.join("\n", out) + "\n");
    return true;
  }

  /** The text of a peer file, as glusterd writes it. */
  static String peerFile(PoolMember m) {
    return "uuid=" + m.uuid() + "\nstate=3\nhostname1=" + m.hostname() + "\n";
  }

  /**
   * Writes {@code f} through a temporary file next to it, made exclusively: whatever is at the
   * temporary name (a leftover, or a link planted to make the repair write elsewhere) is removed as
   * it is, never followed, and the file is created new ({@code O_CREAT|O_EXCL}, which also refuses
   * a link put back in between). The file is fsynced before the rename and its directory after it.
   */
  private void writeAtomically(Path f, String text) throws IOException {
    Path tmp = f.resolveSibling("." + f.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        out.write(buf);
      }
      out.force(true);
    }
    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    sync.force(f.toAbsolutePath().getParent());
  }

  /** Called before each file or directory a deletion removes; throws to stop it there. */
  @FunctionalInterface
  private interface DeleteCheck {
    void beforeDelete() throws IOException;
  }

  private static void deleteTree(Path p) throws IOException {
    deleteTree(p, () -> {});
  }

  private static void deleteTree(Path p, DeleteCheck check) throws IOException {
    if (Files.isSymbolicLink(p) || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      check.beforeDelete();
      Files.deleteIfExists(p);
      return;
    }
    Files.walkFileTree(
        p,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            check.beforeDelete();
            Files.delete(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            check.beforeDelete();
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
