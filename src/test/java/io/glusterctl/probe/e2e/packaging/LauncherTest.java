package io.glusterctl.probe.e2e.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JVM launcher that {@code ./mvnw package} writes, run as a process the way a person or the
 * kubelet runs it: it starts the program, uses the class-data-sharing archive made at package time,
 * still works when its files are copied elsewhere and reached through a symlink, and keeps the
 * JVM's own warnings off stdout.
 */
class LauncherTest {
  static final Path TARGET = Path.of("target").toAbsolutePath();
  static final Path LAUNCHER = TARGET.resolve("glusterctl-probe");
  static final String MAIN_CLASS = "io.glusterctl.probe.cli.Main";

  private Path scratch;

  record Run(int exitCode, String stdout, String stderr, List<String> classLoads) {
    /** Where the class was loaded from, per -Xlog:class+load: "shared objects file" or a jar. */
    String sourceOf(String className) {
      Pattern p = Pattern.compile("\\] " + Pattern.quote(className) + " source: (.*)$");
      for (String line : classLoads) {
        Matcher m = p.matcher(line);
        if (m.find()) {
          return m.group(1);
        }
      }
      return "(not loaded)";
    }
  }

  @BeforeEach
  void requireTheLauncher() throws IOException {
    assumeThat(Files.isRegularFile(TARGET.resolve("classes/io/glusterctl/probe/cli/Main.class")))
        .as(
            "no %s yet (the CLI is written in issue 2): the launcher has nothing to start",
            MAIN_CLASS)
        .isTrue();
    assertThat(LAUNCHER).as("./mvnw package writes the launcher").isExecutable();
    scratch = Files.createTempDirectory("pkg5-launcher-");
  }

  @AfterEach
  void removeScratch() throws IOException {
    if (scratch != null) {
      try (Stream<Path> files = Files.walk(scratch)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private Run run(Path launcher, Map<String, String> env, String... args) throws Exception {
    Path log = Files.createTempFile(scratch, "class-load", ".log");
    List<String> argv = new ArrayList<>(List.of(launcher.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(scratch.toFile());
    pb.environment().remove("GLUSTERCTL_JAVA_OPTS");
    pb.environment().remove("GLUSTERCTL_CDS_DUMP");
    pb.environment()
        .put(
            "GLUSTERCTL_JAVA_OPTS",
            (env.getOrDefault("GLUSTERCTL_JAVA_OPTS", "") + " -Xlog:class+load=info:file=" + log)
                .trim());
    env.forEach(
        (k, v) -> {
          if (!k.equals("GLUSTERCTL_JAVA_OPTS")) {
            pb.environment().put(k, v);
          }
        });
    Path out = Files.createTempFile(scratch, "stdout", ".txt");
    Path err = Files.createTempFile(scratch, "stderr", ".txt");
    Process process = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(argv + " did not end within 60 s");
    }
    List<String> loads = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        loads);
  }

  private static String projectVersion() throws IOException {
    Matcher m =
        Pattern.compile("<artifactId>glusterctl-probe</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /**
   * A copy of the launcher with the jar, lib/ and the archive, as someone installing it would make.
   */
  private Path installCopy(String dirName) throws IOException {
    Path dir = Files.createDirectories(scratch.resolve(dirName));
    try (Stream<Path> files = Files.list(TARGET)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.equals("glusterctl-probe")
            || name.endsWith(".jar")
            || name.startsWith("glusterctl-probe.jsa")) {
          Files.copy(f, dir.resolve(name));
        }
      }
    }
    Path lib = Files.createDirectories(dir.resolve("lib"));
    try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
      for (Path jar : jars.toList()) {
        Files.copy(jar, lib.resolve(jar.getFileName()));
      }
    }
    return dir;
  }

  @Test
  void itPrintsTheVersionWithTheProgramsClassesFromTheArchive() throws Exception {
    assertThat(TARGET.resolve("glusterctl-probe.jsa"))
        .as("the archive made at package time")
        .exists();
    Run run = run(LAUNCHER, Map.of("GLUSTERCTL_JAVA_OPTS", "-Xshare:on"), "--version");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains(projectVersion());
    assertThat(run.sourceOf(MAIN_CLASS)).isEqualTo("shared objects file");
    assertThat(run.sourceOf("picocli.CommandLine")).isEqualTo("shared objects file");
  }

  /** An offline {@code status}: parses a peer status, plans and prints, as liveness does. */
  private static final String[] STATUS = {
    "status",
    "--peer-status-file",
    Path.of("test-fixtures/peer-status-2-peers.xml").toAbsolutePath().toString(),
    "--desired",
    "glusterfs-0.glusterfs.default.svc.cluster.local,glusterfs-1.glusterfs.default.svc.cluster.local"
  };

  @Test
  void theArchiveHoldsWhatALivenessRunLoadsNotOnlyWhatVersionLoads() throws Exception {
    Run run = run(LAUNCHER, Map.of("GLUSTERCTL_JAVA_OPTS", "-Xshare:on"), STATUS);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    for (String c :
        List.of(
            "io.glusterctl.probe.parse.PeerStatusXmlParser",
            "io.glusterctl.probe.plan.Planner",
            "io.glusterctl.probe.plan.DetachPlanner")) {
      assertThat(run.sourceOf(c)).as(c).isEqualTo("shared objects file");
    }
  }

  /** A JDK 25 next to the build's JDK 17 (the machines this project runs on have one here). */
  private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @Test
  void onJdk25ItMakesAndUsesAnAotCacheTrainedOnLivenessReadinessAndStatus() throws Exception {
    assumeThat(JDK25.resolve("bin/java")).as("a JDK 25 at %s", JDK25).isExecutable();
    Path installed = installCopy("jdk25");
    Path launcher = installed.resolve("glusterctl-probe");
    String home = JDK25.toString();

    Run dump = run(launcher, Map.of("GLUSTERCTL_CDS_DUMP", "1", "JAVA_HOME", home));
    assertThat(dump.exitCode()).as(dump.stderr()).isZero();
    assertThat(dump.stdout()).contains("glusterctl-probe.aot");
    assertThat(Files.readAllLines(installed.resolve("glusterctl-probe.aot.origin")))
        .containsExactly(
            installed.toRealPath().toString(), JDK25.resolve("bin/java").toRealPath().toString());

    // -XX:AOTMode=on: the JVM fails rather than run without the cache
    Run run =
        run(launcher, Map.of("JAVA_HOME", home, "GLUSTERCTL_JAVA_OPTS", "-XX:AOTMode=on"), STATUS);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.sourceOf(MAIN_CLASS)).isEqualTo("shared objects file");
    assertThat(run.sourceOf("io.glusterctl.probe.plan.Planner")).isEqualTo("shared objects file");

    Run on17 = run(launcher, Map.of(), "--version");
    assertThat(on17.exitCode()).as("the JDK 17 run leaves the JDK 25 cache out").isZero();
  }

  @Test
  void itRunsTheJvmWithTheStartUpFlags() throws Exception {
    Run run =
        run(LAUNCHER, Map.of("GLUSTERCTL_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .contains(
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-XX:ThreadStackSize=512",
            "-XX:MaxHeapSize=67108864",
            "-XX:-UsePerfData");
  }

  @Test
  void aCopyElsewhereWorksThroughASymlinkAndMakesItsOwnArchiveOnRequest() throws Exception {
    Path installed = installCopy("opt/glusterctl-probe");
    Path bin = Files.createDirectories(scratch.resolve("bin"));
    Path link =
        Files.createSymbolicLink(
            bin.resolve("glusterctl-probe"), installed.resolve("glusterctl-probe"));

    Run moved = run(link, Map.of(), "--version");
    assertThat(moved.exitCode()).as(moved.stderr()).isZero();
    assertThat(moved.stdout()).contains(projectVersion()).doesNotContain("[warning]", "[error");
    assertThat(moved.sourceOf(MAIN_CLASS))
        .as("the archive of another directory is left out")
        .startsWith("file:");

    Run dump = run(link, Map.of("GLUSTERCTL_CDS_DUMP", "1"));
    assertThat(dump.exitCode()).as(dump.stderr()).isZero();
    assertThat(Files.readAllLines(installed.resolve("glusterctl-probe.jsa.origin")).get(0))
        .isEqualTo(installed.toRealPath().toString());

    Run again = run(link, Map.of("GLUSTERCTL_JAVA_OPTS", "-Xshare:on"), "--version");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(again.sourceOf(MAIN_CLASS)).isEqualTo("shared objects file");
  }

  @Test
  void theJvmsOwnWarningsGoToStderrNotToTheProbesAnswer() throws Exception {
    // A dynamic archive of this program makes the JVM warn, deterministically, about picocli's
    // class files
    // (version 49, which only static archives take). Plain `java` prints those warnings on stdout.
    Path installed = installCopy("elsewhere");
    Path jar;
    try (Stream<Path> jars = Files.list(installed)) {
      jar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
    }
    String dynamic = "-XX:ArchiveClassesAtExit=" + scratch.resolve("dynamic.jsa");
    Process plain =
        new ProcessBuilder("java", dynamic, "-jar", jar.toString(), "--version")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String plainOut = new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(plain.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(plainOut).as("plain java warns on stdout").contains("[warning]");

    Run quiet = run(installed.resolve("glusterctl-probe"), Map.of(), "--version");
    Run run =
        run(
            installed.resolve("glusterctl-probe"),
            Map.of("GLUSTERCTL_JAVA_OPTS", dynamic),
            "--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).isEqualTo(quiet.stdout()).doesNotContain("[warning]");
    assertThat(run.stderr()).contains("[warning]");
  }
}
