package io.glusterctl.probe.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Kubernetes API, as far as the program uses it: {@code FakeKubeApiServer} (HTTPS, bearer
 * token, the StatefulSet and its {@code scale} subresource) run as a separate {@code java} process
 * with the test classpath, in a network namespace of its own attached to the sandbox bridge. The
 * sandbox writes {@code spec.replicas} into the replicas file (a line with the number) on every
 * scale; a line {@code status=403} in that file makes the API refuse (a fault). The server makes
 * its certificate and writes the CA as {@code ca.crt} into its cert dir, which the sandbox puts
 * into every pod's service-account directory; it prints {@code listening on https://IP:PORT} when
 * ready.
 */
final class ApiServerProcess implements AutoCloseable {
  static final String MAIN_CLASS = "io.glusterctl.probe.e2e.sandbox.FakeKubeApiServer";
  static final int PORT = 443;
  static final Duration START_DEADLINE =
      Duration.ofSeconds(120); // a JVM plus keytool, on a busy machine

  private final Path dir;
  private final String namespace;
  private final String address;
  private final String token;
  private final String kubeNamespace;
  private final String statefulSet;
  private Process process;
  private int replicas;
  private Optional<Integer> failure = Optional.empty();

  ApiServerProcess(
      Path dir,
      String namespace,
      String address,
      String token,
      String kubeNamespace,
      String statefulSet) {
    this.dir = dir;
    this.namespace = namespace;
    this.address = address;
    this.token = token;
    this.kubeNamespace = kubeNamespace;
    this.statefulSet = statefulSet;
  }

  /** Whether the fake API server is on this classpath (it is written alongside the sandbox). */
  static boolean available() {
    try {
      Class.forName(MAIN_CLASS, false, ApiServerProcess.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  String address() {
    return address;
  }

  Path certDir() {
    return dir.resolve("certs");
  }

  Path replicasFile() {
    return dir.resolve("replicas");
  }

  /** Where the fake API keeps the Events posted to it (one JSON object a line). */
  Path eventsFile() {
    return dir.resolve("events.jsonl");
  }

  /** The Events posted so far, as the API stores them (one per name, its count grown). */
  List<com.grack.nanojson.JsonObject> events() {
    try {
      return FakeKubeApiServer.readEvents(eventsFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + eventsFile(), e);
    }
  }

  /**
   * The requests answered so far, one line each as the server logs them: {@code GET <path> ->
   * <status> from <client address>}.
   */
  List<String> requests() {
    try {
      return Files.readAllLines(dir.resolve("api.log"), StandardCharsets.UTF_8).stream()
          .filter(l -> l.matches("[A-Z]+ /\\S* -> \\d+ from \\S+"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve("api.log"), e);
    }
  }

  synchronized void start(int initialReplicas) {
    replicas = initialReplicas;
    writeReplicasFile();
    try {
      Files.createDirectories(certDir());
      Path log = dir.resolve("api.log");
      String java = ProcessHandle.current().info().command().orElse("java");
      process =
          NetworkNamespaces.start(
              namespace,
              List.of(
                  java,
                  "-cp",
                  testClassPath(),
                  MAIN_CLASS,
                  "--listen",
                  address + ":" + PORT,
                  "--cert-dir",
                  certDir().toString(),
                  "--token",
                  token,
                  "--replicas-file",
                  replicasFile().toString(),
                  "--namespace",
                  kubeNamespace,
                  "--statefulset",
                  statefulSet,
                  "--events-file",
                  eventsFile().toString()),
              log);
      long end = System.nanoTime() + START_DEADLINE.toNanos();
      while (caCert().isEmpty() || !Files.readString(log).contains("listening on")) {
        if (!process.isAlive()) {
          throw new SandboxException("the fake API server exited: " + Files.readString(log));
        }
        if (System.nanoTime() > end) {
          throw new SandboxException(
              "the fake API server did not start within "
                  + START_DEADLINE
                  + ": "
                  + Files.readString(log));
        }
        NetworkNamespaces.sleep(Duration.ofMillis(100));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake API server", e);
    }
  }

  /**
   * The CA certificate the server wrote into its cert dir ({@code ca.crt}, or the one PEM there).
   */
  Optional<Path> caCert() {
    Path ca = certDir().resolve("ca.crt");
    if (Files.isRegularFile(ca)) {
      return Optional.of(ca);
    }
    try (Stream<Path> s = Files.list(certDir())) {
      return s.filter(p -> p.getFileName().toString().matches("(?i).*ca.*\\.(crt|pem)"))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  synchronized void setReplicas(int n) {
    replicas = n;
    writeReplicasFile();
  }

  /** Fault: every request is answered with {@code status} until {@link #recover()}. */
  synchronized void fail(int status) {
    failure = Optional.of(status);
    writeReplicasFile();
  }

  synchronized void recover() {
    failure = Optional.empty();
    writeReplicasFile();
  }

  private void writeReplicasFile() {
    String text = replicas + "\n" + failure.map(s -> "status=" + s + "\n").orElse("");
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve("replicas.tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(
          tmp, replicasFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The classpath of the running tests (failsafe passes it in a property when it uses a manifest
   * jar).
   */
  static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
  }

  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    Command.stop(process, Duration.ofSeconds(5));
  }
}
