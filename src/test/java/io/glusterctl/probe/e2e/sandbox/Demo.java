package io.glusterctl.probe.e2e.sandbox;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The demo ({@code sudo ./demo.sh}): a StatefulSet of real glusterd pods in the sandbox, with the
 * program as liveness/readiness probe, preStop hook and pre-start step. The pool forms, scales 3 to
 * 5 and back to 3, and a deleted pod comes back; {@code glusterctl-probe status} is shown after
 * each step, and the kubelet's and controller's events as they happen.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    SandboxRequirements.missing()
        .ifPresent(
            m -> {
              System.err.println(m);
              System.exit(2);
            });
    SandboxSettings.Builder builder = Sandbox.builder().replicas(3);
    SandboxSettings settings = builder.build();
    if (!Files.isExecutable(settings.program())) {
      System.err.println(
          "demo: the program " + settings.program() + " is not built (./mvnw package)");
      System.exit(2);
    }
    System.out.println(
        "== starting a StatefulSet 'glusterfs' with 3 pods (time x"
            + settings.timeScale().factor()
            + ": a 30 s probe period takes "
            + settings.timeScale().seconds(30).toMillis()
            + " ms)");
    try (Sandbox sandbox = builder.start()) {
      sandbox.log().echoTo(System.out, true);
      step(sandbox, "the pool forms", 3, 0);

      sandbox.cluster().scale(5);
      step(sandbox, "scaled 3 -> 5", 5, 0);

      sandbox.cluster().scale(3);
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(90));
      step(sandbox, "scaled 5 -> 3", 3, 0);

      Pod before = sandbox.cluster().requirePod(1);
      sandbox.cluster().deletePod(1);
      sandbox.cluster().awaitNewPod(1, before.incarnation(), Duration.ofSeconds(90));
      step(sandbox, "pod glusterfs-1 deleted and recreated", 3, 1);
      System.out.println(
          "== done; cleaning up " + sandbox.prefix() + " (logs stay in " + sandbox.dir() + ")");
    } catch (AssertionError | SandboxException e) {
      System.err.println("demo failed: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void step(Sandbox sandbox, String title, int replicas, int statusFrom) {
    Set<Integer> all = new TreeSet<>(IntStream.range(0, replicas).boxed().toList());
    int periods = sandbox.pool().awaitConverged(all, 20);
    System.out.println();
    System.out.println("== " + title + ": converged in " + periods + " probe period(s)");
    System.out.println(
        "$ kubectl exec " + sandbox.podName(statusFrom) + " -- glusterctl-probe status");
    CommandResult status = sandbox.glusterPod(statusFrom).probe("status");
    if (!status.ok()) {
      System.out.println("(exit " + (status.timedOut() ? "timeout" : status.exitCode()) + ")");
    }
    System.out.println(status.stdout().stripTrailing());
    if (!status.stderr().isBlank()) {
      System.out.println(status.stderr().stripTrailing());
    }
    System.out.println();
  }
}
