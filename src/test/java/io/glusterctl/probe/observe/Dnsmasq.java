package io.glusterctl.probe.observe;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real dnsmasq on 127.0.0.1 and a free high port, answering only from the records it is given,
 * stopped by its PID. It runs with {@code --keep-in-foreground}, not {@code --no-daemon}: in that
 * debug mode dnsmasq serves TCP inline, and a client that keeps its TCP connection open (dnsjava
 * does, after a truncated UDP answer) blocks every later query. Tests that need it skip with one
 * line when dnsmasq is absent or we are not root.
 */
public final class Dnsmasq implements AutoCloseable {
  private static final List<String> LOCATIONS = List.of("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq");

  private final Process process;
  private final int port;
  private final Path log;

  private Dnsmasq(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Skips the calling test class unless dnsmasq can run here. */
  public static String assumeAvailable() {
    String exe =
        LOCATIONS.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
    Assumptions.assumeTrue(
        exe != null, "skipped: dnsmasq is not installed (apt-get install dnsmasq-base)");
    Assumptions.assumeTrue(isRoot(), "skipped: the dnsmasq tests need root");
    return exe;
  }

  /**
   * Starts dnsmasq with these record options ({@code --srv-host=...}, {@code --host-record=...}),
   * authoritative for cluster.local, with no upstream servers.
   */
  public static Dnsmasq start(Path workDir, List<String> records)
      throws IOException, InterruptedException {
    String exe = assumeAvailable();
    int port = freePort();
    Path log = workDir.resolve("dnsmasq-" + port + ".log");
    List<String> argv =
        new ArrayList<>(
            List.of(
                exe,
                "--keep-in-foreground",
                "--conf-file=/dev/null",
                "--port=" + port,
                "--listen-address=127.0.0.1",
                "--bind-interfaces",
                "--no-resolv",
                "--no-hosts",
                "--local=/cluster.local/",
                "--pid-file=" + workDir.resolve("dnsmasq-" + port + ".pid"),
                "--log-facility=-",
                "--log-queries",
                "--user=root"));
    argv.addAll(records);
    Process p =
        new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Dnsmasq d = new Dnsmasq(p, port, log);
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "dnsmasq exited " + p.exitValue() + ": " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return d;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    d.close();
    throw new IllegalStateException("dnsmasq did not listen within 10s: " + Files.readString(log));
  }

  public DnsServer server() {
    return new DnsServer(InetAddress.getLoopbackAddress(), port);
  }

  long pid() {
    return process.pid();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  /** Stops this dnsmasq (by its PID, the process we started) and waits until it is gone. */
  @Override
  public void close() throws InterruptedException {
    // the children that serve TCP connections first, so dnsmasq reaps them; then dnsmasq itself
    for (ProcessHandle child : process.descendants().toList()) {
      child.destroy();
      // gone from /proc once dnsmasq has reaped it
      Path proc = Path.of("/proc", Long.toString(child.pid()));
      for (int i = 0; i < 100 && Files.exists(proc); i++) {
        Thread.sleep(10);
      }
      child.destroyForcibly();
    }
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** A port free on 127.0.0.1 for both UDP and TCP, as far as one can tell before binding it. */
  static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (DatagramSocket udp =
          new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        port = udp.getLocalPort();
      }
      if (port < 10000) {
        continue;
      }
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port found");
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
