package io.glusterctl.probe.e2e.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/check-binary.sh, which the image build runs on the native binary, run here on the JVM
 * launcher that {@code ./mvnw package} wrote (there is no container engine on this machine): it
 * passes on a working program, and it fails on programs broken the ways a native image breaks (a
 * resource bundle left out, a TLS set-up that trusts another CA).
 */
class CheckBinaryScriptTest {
  static final Path SCRIPT = Path.of("docker/check-binary.sh").toAbsolutePath();
  static final Path FIXTURES = Path.of("test-fixtures").toAbsolutePath();

  @TempDir Path dir;

  record Run(int exitCode, String output) {}

  @BeforeEach
  void requireTheLauncherAndOpenssl() {
    assertThat(LauncherTest.LAUNCHER).as("./mvnw package writes the launcher").isExecutable();
    assumeThat(onPath("openssl")).as("openssl is installed (the checks' TLS server)").isTrue();
  }

  private static boolean onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }

  private Run check(Path binary) throws Exception {
    Path out = dir.resolve("check.out");
    Process p =
        new ProcessBuilder("sh", SCRIPT.toString(), binary.toString(), FIXTURES.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("check-binary.sh did not end within 5 minutes");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  /** A program that runs the launcher through a shell snippet that breaks one thing. */
  private Path broken(String name, String body) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(
        script,
        "#!/bin/sh\nreal='" + LauncherTest.LAUNCHER + "'\n" + body + "\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  @Test
  void theChecksPassOnTheJvmLauncher() throws Exception {
    Run r = check(LauncherTest.LAUNCHER);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output().lines().filter(l -> l.startsWith("ok   ")).map(l -> l.substring(5)))
        .containsExactly(
            "version",
            "help",
            "text",
            "xml",
            "rejected",
            "truncated",
            "truncated-text",
            "tls-trusted",
            "tls-other-ca");
    assertThat(r.output()).contains("9 checks, 0 failed").doesNotContain("dummy-token");
  }

  @Test
  void aProgramWithoutTheXmlParsersMessagesFails() throws Exception {
    // what a native image without the bundle prints: the parser's message becomes an exception
    Path binary =
        broken(
            "no-bundles",
            "\"$real\" \"$@\" 2>\"$0.err\"; rc=$?\n"
                + "sed 's/: XML document structures.*/ XML parser failed:"
                + " java.util.MissingResourceException/' \"$0.err\" >&2\n"
                + "exit $rc");
    Run r = check(binary);
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.output())
        .contains("FAIL truncated: stderr has no line matching")
        .contains("ok   xml")
        .contains("9 checks, 1 failed");
  }

  @Test
  void aProgramThatTrustsAnotherCaFails() throws Exception {
    // a TLS set-up that ignores the CA file it was given (here: always the server's own CA)
    Path binary =
        broken(
            "trusts-any",
            "set -f\n"
                + "args=$(printf '%s\\n' \"$@\" | sed 's#/other\\.crt$#/ca.crt#')\n"
                + "IFS='\n'\n"
                + "exec \"$real\" $args");
    Run r = check(binary);
    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.output())
        .contains("ok   tls-trusted")
        .contains("FAIL tls-other-ca")
        .contains("9 checks, 1 failed");
  }

  @Test
  void aProgramThatDoesNotStartFailsEveryCheck() throws Exception {
    Run r = check(broken("dies", "echo 'Illegal instruction' >&2\nexit 132"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.output()).contains("9 checks, 9 failed").contains("exit 132, expected 0");
    assertThat(List.of(r.output().split("\n"))).noneMatch(l -> l.startsWith("ok "));
  }
}
