package io.glusterctl.probe.e2e;

import io.glusterctl.probe.e2e.sandbox.SandboxRequirements;
import org.junit.jupiter.api.Assumptions;

/**
 * End-to-end tests need root, glusterd and dnsmasq: without them a test class skips with one line.
 */
final class E2eAssumptions {
  private E2eAssumptions() {}

  static void assumeSandboxCanRun() {
    var missing = SandboxRequirements.missing();
    Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
  }
}
