package io.glusterctl.probe.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A command run in a session of its own ({@code setsid}, util-linux, in every Debian image: the
 * package is essential), so that everything it starts can be found and killed by the session's id,
 * also a grandchild whose parent has exited (it is re-parented to init and no longer a descendant).
 * Java cannot call {@code setsid(2)} or {@code kill(-pgid)}; {@code setsid} without {@code --fork}
 * execs the command in the same process (the JVM's child is never a group leader), so the command's
 * PID is the session's id, and the session's processes are found in {@code /proc/<pid>/stat}.
 */
final class ProcessSession {
  private static final List<Path> SETSID =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  /** How often the session is looked for again (a process may fork while it is being killed). */
  private static final int KILL_ROUNDS = 5;

  private final Path proc;

  ProcessSession(Path proc) {
    this.proc = proc;
  }

  /** {@code setsid}, when this system has it. */
  static Optional<Path> setsid() {
    return SETSID.stream().filter(Files::isExecutable).findFirst();
  }

  /**
   * The program as {@code execvp(3)} would find it: a name with a {@code /} as it is, else the
   * first executable regular file of that name on {@code path}; or why it cannot be run, in {@code
   * errno}'s words ({@code No such file or directory}, {@code Permission denied}). Resolved here
   * because {@code setsid} would report a missing program as its own exit code 127 with a message,
   * not as a command that could not be started.
   */
  static Resolved resolve(String program, String path) {
    if (program.isEmpty()) {
      return Resolved.failed("No such file or directory");
    }
    if (program.indexOf('/') >= 0) {
      return check(Path.of(program)).orElseGet(() -> Resolved.found(Path.of(program)));
    }
    String search = path == null ? "/bin:/usr/bin" : path;
    boolean denied = false;
    for (String dir : search.split(":", -1)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
      Optional<Resolved> problem = check(candidate);
      if (problem.isEmpty()) {
        return Resolved.found(candidate);
      }
      denied |= problem.get().why().equals(PERMISSION_DENIED);
    }
    return Resolved.failed(denied ? PERMISSION_DENIED : "No such file or directory");
  }

  private static final String PERMISSION_DENIED = "Permission denied";

  private static Optional<Resolved> check(Path p) {
    if (!Files.exists(p)) {
      return Optional.of(Resolved.failed("No such file or directory"));
    }
    if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
      return Optional.of(Resolved.failed(PERMISSION_DENIED));
    }
    return Optional.empty();
  }

  /**
   * Where a program is, or why it cannot be run.
   *
   * @param path the program, when found
   * @param why why not, when not
   */
  record Resolved(Optional<Path> path, String why) {
    static Resolved found(Path p) {
      return new Resolved(Optional.of(p), "");
    }

    static Resolved failed(String why) {
      return new Resolved(Optional.empty(), why);
    }
  }

  /**
   * SIGKILL for every process of the session {@code sid}, looked for again until none is left (or
   * after a few rounds). The id is the PID of a command this runner started: the kernel does not
   * give it to a new process while the session has members, so only this command's processes are
   * hit.
   *
   * @return how many processes were killed
   */
  int kill(long sid) {
    if (!procIsThisNamespaces()) {
      return 0;
    }
    int killed = 0;
    for (int round = 0; round < KILL_ROUNDS; round++) {
      List<ProcessHandle> members = members(sid);
      if (members.isEmpty()) {
        break;
      }
      for (ProcessHandle p : members) {
        if (p.destroyForcibly()) {
          killed++;
        }
      }
    }
    return killed;
  }

  /**
   * Whether {@code /proc} shows this process under its own PID: a {@code /proc} of another PID
   * namespace (a container that did not mount its own) would give other processes' sessions, and
   * its PIDs would mean other processes to {@code kill}.
   */
  boolean procIsThisNamespaces() {
    try {
      return Files.readSymbolicLink(proc.resolve("self"))
          .toString()
          .equals(Long.toString(ProcessHandle.current().pid()));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The live processes whose session id is {@code sid} (zombies are dead already). */
  List<ProcessHandle> members(long sid) {
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses()
        .forEach(
            p -> {
              if (p.pid() != ProcessHandle.current().pid() && sessionOf(p.pid()) == sid) {
                found.add(p);
              }
            });
    return found;
  }

  /**
   * The session id in {@code /proc/<pid>/stat}, -1 when the process is gone, a zombie, or its stat
   * cannot be read. The fields after the command name (in parentheses, which may itself hold
   * parentheses and spaces) are: state, ppid, pgrp, session.
   */
  long sessionOf(long pid) {
    try {
      Path stat = proc.resolve(Long.toString(pid)).resolve("stat");
      if (!Files.isRegularFile(stat, LinkOption.NOFOLLOW_LINKS)) {
        return -1;
      }
      String s = Files.readString(stat, StandardCharsets.ISO_8859_1);
      int close = s.lastIndexOf(')');
      if (close < 0) {
        return -1;
      }
      String[] f = s.substring(close + 1).strip().split(" ");
      if (f.length < 4 || f[0].equals("Z")) {
        return -1;
      }
      return Long.parseLong(f[3]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
