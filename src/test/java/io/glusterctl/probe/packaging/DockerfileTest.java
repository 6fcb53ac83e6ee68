package io.glusterctl.probe.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.glusterctl.probe.packaging.Dockerfile.Instruction;
import io.glusterctl.probe.packaging.Dockerfile.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile against the pom, the manifest and this machine: there is no container engine
 * here, so the image's paths, commands and versions are checked where they meet the rest of the
 * project.
 */
class DockerfileTest {
  static final String ENTRYPOINT_SOURCE = "docker/entrypoint.sh";
  static final String CHECK_SCRIPT = "docker/check-binary.sh";
  private final Dockerfile dockerfile = Dockerfile.load();

  /**
   * Where the runtime stage installs the program: the destination of the COPY from the build stage.
   */
  static String installedBinary(Dockerfile dockerfile) {
    String built = "/src/target/" + Pom.load().nativeImageName();
    return copyDestination(dockerfile.runtime(), built, "build");
  }

  static String copyDestination(Stage stage, String source, String fromStage) {
    List<Instruction> copies =
        stage.all("COPY").stream()
            .filter(c -> c.flag("from").orElse("").equals(fromStage == null ? "" : fromStage))
            .filter(c -> c.operands().size() == 2 && c.operands().get(0).equals(source))
            .toList();
    assertThat(copies).as("one COPY of %s in stage %s", source, stage.name()).hasSize(1);
    return copies.get(0).operands().get(1);
  }

  @Test
  void aGraalVmStageBuildsTheNativeProfileAndTheRuntimeIsDebian12() {
    assertThat(dockerfile.stages()).hasSize(2);
    Stage build = dockerfile.stage("build");
    assertThat(build.baseImage())
        .as("a maintained GraalVM (the 17 image has had no update since 2023)")
        .matches("ghcr\\.io/graalvm/native-image-community:(21|25)");
    assertThat(build.all("RUN"))
        .anySatisfy(
            run ->
                assertThat(run.arguments())
                    .contains("./mvnw")
                    .contains(" -B")
                    .contains(" -Pnative")
                    .contains(" -DskipTests")
                    .endsWith(" package"));
    assertThat(dockerfile.runtime().baseImage()).isEqualTo("debian:12-slim");
  }

  @Test
  void theNativeBuildTargetsEveryX8664CpuAndJava17Bytecode() {
    assertThat(Pom.load().nativeBuildArgs())
        .as("-march=compatibility: the default x86-64-v3 needs AVX2; an older node would SIGILL")
        .containsAnyOf("-march=compatibility", "-march=x86-64-v2")
        .contains("--no-fallback");
    assertThat(Pom.load().property("maven.compiler.release")).isEqualTo("17");
  }

  @Test
  void theBuildStageRunsTheChecksOnTheNativeBinaryItMade() {
    Stage build = dockerfile.stage("build");
    List<Instruction> runs = build.all("RUN");
    int nativeBuild = -1;
    int check = -1;
    for (int i = 0; i < runs.size(); i++) {
      String a = runs.get(i).arguments();
      if (a.contains(" -Pnative") && a.endsWith(" package")) {
        nativeBuild = i;
      }
      if (a.equals(
          "sh " + CHECK_SCRIPT + " target/" + Pom.load().nativeImageName() + " test-fixtures")) {
        check = i;
      }
    }
    assertThat(check).as("RUN sh %s on the native binary", CHECK_SCRIPT).isGreaterThan(nativeBuild);
    assertThat(nativeBuild).isGreaterThanOrEqualTo(0);
    assertThat(copyDestination(build, "test-fixtures/", null)).isEqualTo("test-fixtures/");
    assertThat(copyDestination(build, CHECK_SCRIPT, null)).isEqualTo("docker/");
    assertThat(build.all("RUN"))
        .as("the checks' TLS server")
        .anySatisfy(
            r -> assertThat(r.arguments()).contains("microdnf install").contains(" openssl"));
  }

  @Test
  void theBinaryIsInstalledAtTheOnePathTheManifestRuns() {
    String binary = installedBinary(dockerfile);
    assertThat(binary).isEqualTo("/usr/local/bin/glusterctl-probe");
    assertThat(Pom.load().nativeImageName()).isEqualTo("glusterctl-probe");
    Container container =
        Manifest.load().statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getLivenessProbe().getExec().getCommand().get(0)).isEqualTo(binary);
    assertThat(dockerfile.runtime().all("RUN"))
        .as("the image build runs the binary once")
        .anySatisfy(r -> assertThat(r.arguments()).contains(binary + " --version"));
  }

  /** Every gluster call runs through {@code setsid} ({@code ProcessSession}): is it there? */
  @Test
  void theImageBuildChecksForSetsid() {
    assertThat(dockerfile.runtime().all("RUN"))
        .anySatisfy(r -> assertThat(r.arguments()).contains("test -x /usr/bin/setsid"));
  }

  @Test
  void theEntrypointIsTiniAsPid1RunningTheCopiedScriptInExecForm() {
    String entrypoint = copyDestination(dockerfile.runtime(), ENTRYPOINT_SOURCE, null);
    assertThat(entrypoint).isEqualTo("/usr/local/bin/entrypoint.sh");
    List<Instruction> entrypoints = dockerfile.runtime().all("ENTRYPOINT");
    assertThat(entrypoints).hasSize(1);
    // tini reaps the brick processes glusterd daemonizes (BrickCrashTest shows what glusterd as
    // PID 1 does to a crashed brick); -s makes it a subreaper when something else is PID 1
    assertThat(Dockerfile.execForm(entrypoints.get(0)))
        .containsExactly("/usr/bin/tini", "-s", "--", entrypoint);
    assertThat(dockerfile.runtime().all("CMD"))
        .as("no CMD: the entrypoint decides what runs")
        .isEmpty();
  }

  @Test
  void theImageInstallsDebiansTiniWhereTheEntrypointRunsIt() throws Exception {
    assertThat(dockerfile.runtime().all("RUN"))
        .anySatisfy(
            r ->
                assertThat(r.arguments())
                    .containsPattern(
                        "apt-get install [^&]*--no-install-recommends [^&]*\\btini\\b"));
    Path dpkgList = Path.of("/var/lib/dpkg/info/tini.list");
    assumeThat(Files.exists(dpkgList)).as("Debian's tini is installed here").isTrue();
    assertThat(Files.readAllLines(dpkgList)).as("files of Debian's tini").contains("/usr/bin/tini");
  }

  @Test
  void prestartsDeadlineIsItsTimeoutLessFiveSeconds() throws Exception {
    String text = Files.readString(Path.of(ENTRYPOINT_SOURCE));
    List<String> runs =
        text.lines()
            .filter(l -> l.matches("\\s*(timeout .*)?glusterctl-probe prestart\\b.*"))
            .toList();
    assertThat(runs).as("the lines that run prestart").hasSize(2);
    assertThat(runs)
        .as("every prestart the entrypoint runs is given --deadline")
        .allMatch(
            l -> l.contains("glusterctl-probe prestart --deadline \"${prestart_deadline}s\""));
    for (String timeout : new String[] {"60", "30", "8"}) {
      Process p =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  "prestart_timeout="
                      + timeout
                      + "; "
                      + text.lines()
                          .filter(l -> l.startsWith("prestart_deadline="))
                          .findFirst()
                          .orElseThrow()
                      + "; echo $prestart_deadline")
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      String out;
      try (var in = p.getInputStream()) {
        out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
      }
      assertThat(p.waitFor()).isZero();
      int t = Integer.parseInt(timeout);
      assertThat(out)
          .as("prestart's deadline with GLUSTERCTL_PRESTART_TIMEOUT=%s", timeout)
          .isEqualTo(String.valueOf(t > 10 ? t - 5 : t));
    }
  }

  @Test
  void theEntrypointScriptRunsPrestartThenGlusterdAndStopsTheBricksBeforeGlusterd()
      throws IOException {
    Path script = Path.of(ENTRYPOINT_SOURCE);
    String text = Files.readString(script);
    String binary = installedBinary(dockerfile);
    int prestart =
        indexOfCommand(text, "(" + Pattern.quote(binary) + "|glusterctl-probe)\\s+prestart\\b");
    int glusterd = indexOfCommand(text, "(?m)^\\s*(/usr/sbin/)?glusterd\\s+-N\\b.*&\\s*$");
    assertThat(prestart)
        .as("%s runs `glusterctl-probe prestart`", script)
        .isGreaterThanOrEqualTo(0);
    assertThat(glusterd)
        .as("%s then runs `glusterd -N` as its child (not exec'd: it stays to stop it)", script)
        .isGreaterThan(prestart);
    assertThat(indexOfCommand(text, "\\btrap\\s+on_term\\s+TERM\\b"))
        .as("%s traps the runtime's SIGTERM (forwarded by tini)", script)
        .isGreaterThan(prestart)
        .isLessThan(glusterd);
    String onTerm = text.substring(text.indexOf("on_term() {"));
    assertThat(onTerm.indexOf("stop_daemons"))
        .as("on SIGTERM the bricks are stopped before glusterd")
        .isPositive()
        .isLessThan(onTerm.indexOf("kill -TERM \"$glusterd_pid\""));
    assertThat(text).startsWith("#!");
  }

  private static int indexOfCommand(String text, String regex) {
    StringBuilder code = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      code.append(line.strip().startsWith("#") ? "" : line).append('\n');
    }
    Matcher m = Pattern.compile(regex).matcher(code);
    return m.find() ? m.start() : -1;
  }

  @Test
  void theImageExposesTheContainerPortsOfTheManifest() {
    List<Integer> exposed =
        dockerfile.runtime().all("EXPOSE").stream()
            .flatMap(e -> e.operands().stream())
            .map(p -> Integer.parseInt(p.replace("/tcp", "")))
            .toList();
    Container container =
        Manifest.load().statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(exposed)
        .containsExactlyInAnyOrderElementsOf(
            container.getPorts().stream().map(ContainerPort::getContainerPort).toList());
  }

  @Test
  void theImageInstallsGlusterfsServerOfTheMajorVersionTheTestsRun() throws Exception {
    Stage runtime = dockerfile.runtime();
    assertThat(runtime.all("RUN"))
        .anySatisfy(
            r ->
                assertThat(r.arguments())
                    .contains("apt-get install")
                    .contains("glusterfs-server")
                    .contains("grep -q \"^glusterfs ${GLUSTERFS_MAJOR}\\.\""));
    String major = runtime.argDefault("GLUSTERFS_MAJOR").orElseThrow();
    Path glusterd = Path.of("/usr/sbin/glusterd");
    assumeThat(Files.isExecutable(glusterd)).as("glusterd is installed here").isTrue();
    Process p =
        new ProcessBuilder(glusterd.toString(), "--version").redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String firstLine =
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines()
            .findFirst()
            .orElse("");
    assertThat(firstLine).as("glusterd here runs the tests").startsWith("glusterfs " + major + ".");
  }

  @Test
  void theRuntimeBaseIsTheDistributionTheTestsRunOn() throws IOException {
    Path osRelease = Path.of("/etc/os-release");
    assumeThat(Files.exists(osRelease)).isTrue();
    String os = Files.readString(osRelease);
    assertThat(dockerfile.runtime().baseImage()).isEqualTo("debian:12-slim");
    assumeThat(os).as("a Debian machine").contains("ID=debian");
    assertThat(os).contains("VERSION_ID=\"12\"");
  }

  @Test
  void everyCopiedSourceIsInTheRepositoryAndNotIgnored() throws IOException {
    List<String> ignore =
        Files.readAllLines(Path.of("docker/Dockerfile.dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    assertThat(ignore).first().isEqualTo("*");
    for (Stage stage : dockerfile.stages()) {
      for (Instruction copy : stage.all("COPY")) {
        if (copy.flag("from").isPresent()) {
          continue;
        }
        List<String> operands = copy.operands();
        for (String source : operands.subList(0, operands.size() - 1)) {
          String path = source.endsWith("/") ? source : source;
          assertThat(ignore).as("%s is let through the .dockerignore", source).contains("!" + path);
          if (!source.equals(ENTRYPOINT_SOURCE)) {
            assertThat(Path.of(source)).as("COPY source %s", source).exists();
          }
        }
      }
    }
  }

  @Test
  void theReaderCanFail() {
    Dockerfile other =
        Dockerfile.parse(
            """
        ARG BASE=debian:11
        FROM ${BASE}
        COPY x /usr/bin/x
        ENTRYPOINT /usr/bin/x
        """);
    assertThat(other.runtime().baseImage()).isEqualTo("debian:11");
    assertThat(other.stages()).hasSize(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Dockerfile.execForm(other.runtime().all("ENTRYPOINT").get(0)))
        .hasMessageContaining("not in exec form");
  }
}
