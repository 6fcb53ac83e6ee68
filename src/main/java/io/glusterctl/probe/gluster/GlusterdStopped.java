package io.glusterctl.probe.gluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Positive proof that glusterd is stopped for one glusterd directory, which a repair needs before
 * it clears that directory: no glusterd process works in it, and nothing listens on glusterd's port
 * in this network namespace. A CLI call that fails or times out proves nothing: a hung or
 * SIGSTOPped glusterd still runs, and the CLI then says {@code Request timed out}.
 *
 * <p>Read from {@code /proc}: a process is glusterd when its {@code comm} is {@code glusterd}. Its
 * directory is the {@code working-directory} of its command line ({@code --xlator-option
 * *.working-directory=DIR}), else of its volume file ({@code option working-directory DIR} in
 * {@code /etc/glusterfs/glusterd.vol}, or the file given with {@code -f}/{@code --volfile}), else
 * {@code /var/lib/glusterd}; the path is looked up through the process's own root ({@code
 * /proc/<pid>/root}), so that a glusterd of another container or mount namespace, whose {@code
 * /var/lib/glusterd} is another volume, is told apart from this one. Whatever cannot be read is no
 * proof.
 */
public final class GlusterdStopped {
  /** glusterd's management port. */
  public static final int PORT = 24007;

  private static final Path DEFAULT_VOLFILE = Path.of("/etc/glusterfs/glusterd.vol");
  private static final String DEFAULT_WORKDIR = "/var/lib/glusterd";
  private static final Pattern VOLFILE_WORKDIR =
      Pattern.compile("(?m)^\\s*option\\s+working-directory\\s+(\\S+)\\s*$");
  private static final int MAX_FILE = 64 * 1024;
  private static final int MAX_TABLE = 4 * 1024 * 1024;
  private static final String LISTEN = "0A";

  private final Path proc;
  private final int port;

  /**
   * @param proc where {@code /proc} is ({@code /proc}; a planted tree in tests)
   * @param port the port glusterd listens on
   */
  public GlusterdStopped(Path proc, int port) {
    this.proc = Objects.requireNonNull(proc, "proc");
    this.port = port;
  }

  /** The real {@code /proc} and port 24007. */
  public static GlusterdStopped onThisHost() {
    return new GlusterdStopped(Path.of("/proc"), PORT);
  }

  /**
   * Why it is not proven that glusterd is stopped for {@code glusterdDir}; empty when it is proven.
   */
  public Optional<String> whyNotProven(Path glusterdDir) {
    Object mine;
    try {
      mine =
          Files.readAttributes(glusterdDir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
    } catch (IOException e) {
      return Optional.of("cannot look at " + glusterdDir + ": " + reason(e));
    }
    if (mine == null) {
      return Optional.of("cannot tell directories apart on this file system");
    }
    Optional<String> process = glusterdWorkingIn(mine, glusterdDir);
    if (process.isPresent()) {
      return process;
    }
    return listener();
  }

  private Optional<String> glusterdWorkingIn(Object mine, Path glusterdDir) {
    List<Path> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
      entries.forEach(pids::add);
    } catch (IOException e) {
      return Optional.of("cannot list the processes in " + proc + ": " + reason(e));
    }
    for (Path p : pids) {
      String pid = p.getFileName().toString();
      if (!pid.matches("[0-9]+")) {
        continue;
      }
      List<String> argv;
      try {
        if (!read(p.resolve("comm"), MAX_FILE).strip().equals("glusterd")) {
          continue;
        }
        argv = List.of(read(p.resolve("cmdline"), MAX_FILE).split("\0"));
      } catch (NoSuchFileException e) {
        continue; // gone meanwhile
      } catch (IOException e) {
        return Optional.of("cannot read process " + pid + ": " + reason(e));
      }
      Path root = p.resolve("root");
      Optional<String> workdir;
      try {
        workdir = workingDirectory(argv, root);
      } catch (NoSuchFileException e) {
        continue; // gone meanwhile
      } catch (IOException e) {
        return Optional.of(
            "cannot tell which directory glusterd (pid " + pid + ") works in: " + reason(e));
      }
      if (workdir.isEmpty() || !workdir.get().startsWith("/")) {
        return Optional.of(
            "cannot tell which directory glusterd (pid " + pid + ") works in: " + argv);
      }
      Object theirs;
      try {
        theirs =
            Files.readAttributes(
                    root.resolve(workdir.get().substring(1)), BasicFileAttributes.class)
                .fileKey();
      } catch (NoSuchFileException e) {
        continue; // its directory is not there (or the process is gone, or a zombie)
      } catch (IOException e) {
        return Optional.of(
            "cannot look at the directory of glusterd (pid " + pid + "): " + reason(e));
      }
      if (mine.equals(theirs)) {
        return Optional.of("glusterd (pid " + pid + ") runs in " + glusterdDir);
      }
    }
    return Optional.empty();
  }

  /**
   * The directory a glusterd with this command line works in: {@code working-directory=} on the
   * command line, else in its volume file (read through its root), else the default.
   */
  static Optional<String> workingDirectory(List<String> argv, Path root) throws IOException {
    Path volfile = DEFAULT_VOLFILE;
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      int at = a.indexOf("working-directory=");
      if (at >= 0) {
        return Optional.of(a.substring(at + "working-directory=".length()));
      }
      if ((a.equals("-f") || a.equals("--volfile")) && i + 1 < argv.size()) {
        volfile = Path.of(argv.get(i + 1));
      } else if (a.startsWith("--volfile=")) {
        volfile = Path.of(a.substring("--volfile=".length()));
      }
    }
    if (!volfile.isAbsolute()) {
      return Optional.empty();
    }
    if (!Files.exists(root)) {
      throw new NoSuchFileException(root.toString());
    }
    Path f = root.resolve(volfile.toString().substring(1));
    if (!Files.isRegularFile(f)) {
      return Optional.of(DEFAULT_WORKDIR);
    }
    String text = read(f, MAX_FILE);
    Matcher m = VOLFILE_WORKDIR.matcher(text);
    return Optional.of(m.find() ? m.group(1) : DEFAULT_WORKDIR);
  }

  /** Why something may be glusterd: a socket listening on the port here; empty when none. */
  private Optional<String> listener() {
    for (String table : List.of("tcp", "tcp6")) {
      Path f = proc.resolve("net").resolve(table);
      String text;
      try {
        text = read(f, MAX_TABLE);
      } catch (NoSuchFileException e) {
        if (table.equals("tcp6")) {
          continue; // no IPv6 here
        }
        return Optional.of("cannot read " + f + ": no such file");
      } catch (IOException e) {
        return Optional.of("cannot read " + f + ": " + reason(e));
      }
      String hexPort = String.format(Locale.ROOT, ":%04X", port);
      for (String line : text.split("\n")) {
        String[] col = line.strip().split("\\s+");
        // sl local_address rem_address st ...: 0100007F:5DC7 00000000:0000 0A
        if (col.length > 3
            && col[1].toUpperCase(Locale.ROOT).endsWith(hexPort)
            && col[3].equals(LISTEN)) {
          return Optional.of("something listens on port " + port + " (" + table + ")");
        }
      }
    }
    return Optional.empty();
  }

  /** A file of /proc, at most {@code max} bytes of it. */
  private static String read(Path f, int max) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] b = in.readNBytes(max);
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
