package io.glusterctl.probe.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * End-to-end tests need root, glusterd and dnsmasq: without them a test skips with one line. A test
 * of the program also needs the program built, and fails when it is not.
 */
public final class E2eAssumptions {
  private E2eAssumptions() {}

  public static void assumeSandboxCanRun() {
    var missing = SandboxRequirements.missing();
    Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
  }

  /** Skips without root and the tools; fails when the program the pods run has not been built. */
  public static void assumeSandboxAndProgram() {
    assumeSandboxCanRun();
    Path program = SandboxSettings.defaultProgram();
    assertThat(Files.isExecutable(program))
        .as(
            "the program the pods run, %s, is not built (./mvnw package, or -D%s=PATH)",
            program, SandboxSettings.PROGRAM_PROPERTY)
        .isTrue();
  }
}
