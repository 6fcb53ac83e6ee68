package io.glusterctl.probe.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
}
