package io.glusterctl.probe.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The program run as a process with the JVM launcher's own memory and stack limits ({@code -Xmx64m
 * -Xss512k}, serial GC: see {@code src/main/launcher/glusterctl-probe}), from the test class path:
 * what a kubelet's exec probe gets, exit code and all, including what the JVM itself does when the
 * program runs out of heap or stack. Killed (with its descendants) when it outlives its time.
 */
final class ProgramProcess {
  static final List<String> LAUNCHER_JVM_FLAGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx64m");

  private ProgramProcess() {}

  /**
   * What one run did.
   *
   * @param exitCode the process's exit code; -1 when it was killed for outliving its time
   * @param took how long it ran
   */
  record Result(int exitCode, String out, String err, Duration took) {
    boolean killed() {
      return exitCode == -1;
    }

    @Override
    public String toString() {
      return "exit "
          + exitCode
          + " after "
          + took.toMillis()
          + " ms\n--- stdout\n"
          + out
          + "--- stderr\n"
          + err;
    }
  }

  /** Runs {@code glusterctl-probe args...}; kills it after {@code limit}. */
  static Result run(Duration limit, Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(javaArgv(args));
    pb.environment().putAll(env);
    return start(limit, pb);
  }

  private static Result start(Duration limit, ProcessBuilder pb)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    boolean exited = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    return new Result(exited ? p.exitValue() : -1, out.join(), err.join(), took);
  }

  /**
   * Runs {@code glusterctl-probe args...} and kills it (SIGKILL, with its descendants) as soon as
   * {@code until} holds, or after {@code limit}; {@link Result#killed()} says which.
   */
  static Result runUntil(Duration limit, BooleanSupplier until, List<String> args)
      throws IOException, InterruptedException {
    List<String> argv = javaArgv(args);
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(argv).start();
    p.getOutputStream().close();
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    long end = t0 + limit.toNanos();
    while (p.isAlive() && !until.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    boolean killed = p.isAlive();
    if (killed) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    return new Result(killed ? -1 : p.exitValue(), out.join(), err.join(), took);
  }

  static Result run(Duration limit, List<String> args) throws IOException, InterruptedException {
    return run(limit, Map.of(), args);
  }

  /** Runs {@code prefix... java ... glusterctl-probe args...} ({@code prlimit}, {@code strace}). */
  static Result run(Duration limit, List<String> prefix, List<String> args)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(javaArgv(args));
    return start(limit, new ProcessBuilder(argv));
  }

  private static List<String> javaArgv(List<String> args) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(LAUNCHER_JVM_FLAGS);
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(Main.class.getName());
    argv.addAll(args);
    return argv;
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(unreadable: " + e + ")";
          }
        });
  }
}
