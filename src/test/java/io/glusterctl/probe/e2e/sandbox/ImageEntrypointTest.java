package io.glusterctl.probe.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sandbox starts each container with the image's own ENTRYPOINT (no root needed). */
class ImageEntrypointTest {

  @Test
  void theImagesEntrypointWithTheSandboxsCopyOfTheScript() {
    assertThat(
            ImageEntrypoint.argv(SandboxSettings.repoDir(), Path.of("/tmp/gsb0000/entrypoint.sh")))
        .containsExactly("/usr/bin/tini", "-s", "--", "/tmp/gsb0000/entrypoint.sh");
  }

  @Test
  void anEntrypointThatIsNotInExecFormOrDoesNotRunTheScriptIsRefused() {
    assertThatThrownBy(
            () ->
                ImageEntrypoint.argv(
                    "COPY docker/entrypoint.sh /e.sh\nENTRYPOINT /e.sh\n", "/tmp/x.sh"))
        .hasMessageContaining("no ENTRYPOINT in exec form");
    assertThatThrownBy(
            () ->
                ImageEntrypoint.argv(
                    "COPY docker/entrypoint.sh /e.sh\nENTRYPOINT [\"/bin/sh\"]\n", "/tmp/x.sh"))
        .hasMessageContaining("does not run /e.sh");
    assertThat(
            ImageEntrypoint.argv(
                "COPY docker/entrypoint.sh /e.sh\nENTRYPOINT [\"/e.sh\"]\n", "/tmp/x.sh"))
        .containsExactly("/tmp/x.sh");
  }

  /**
   * The image installs docker/glusterd.vol where glusterd reads it, and the sandbox's containers
   * get the same file at the same place, so the sandbox's glusterds run as the image's do.
   */
  @Test
  void theImagesGlusterdVolIsWhereGlusterdReadsItInTheImageAndInTheSandbox() throws IOException {
    Path repo = SandboxSettings.repoDir();
    assertThat(Files.readAllLines(repo.resolve("docker/Dockerfile"), StandardCharsets.UTF_8))
        .contains("COPY " + SandboxLayout.GLUSTERD_VOL_SOURCE + " " + SandboxLayout.GLUSTERD_VOL);
    assertThat(
            Files.readAllLines(
                repo.resolve("src/test/sandbox/pod-exec.sh"), StandardCharsets.UTF_8))
        .contains("bind \"$(dirname \"$0\")/glusterd.vol\" " + SandboxLayout.GLUSTERD_VOL);
  }

  /**
   * docker/glusterd.vol is Debian's glusterd.vol with transport.tcp-user-timeout added: every
   * option line of the installed package's file (on a machine that has glusterfs-server) is in it.
   */
  @Test
  void theImagesGlusterdVolIsDebiansWithTheTcpUserTimeout() throws IOException {
    List<String> ours =
        Files.readAllLines(
            SandboxSettings.repoDir().resolve(SandboxLayout.GLUSTERD_VOL_SOURCE),
            StandardCharsets.UTF_8);
    assertThat(ours)
        .contains("volume management", "    option transport.tcp-user-timeout 10", "end-volume");
    Path debian = Path.of(SandboxLayout.GLUSTERD_VOL);
    if (Files.isRegularFile(debian)) {
      List<String> theirs =
          Files.readAllLines(debian, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank() && !l.startsWith("#"))
              .toList();
      assertThat(ours).containsAll(theirs);
    }
  }
}
