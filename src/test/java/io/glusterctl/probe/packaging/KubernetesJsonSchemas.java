package io.glusterctl.probe.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * The JSON Schemas of the Kubernetes OpenAPI spec as the npm package {@code kubernetes-models}
 * compiles them (ajv): types, required fields, enums and formats of every field. The package is
 * pinned by src/test/k8s-schema/package-lock.json and installed with {@code npm ci} into
 * target/k8s-schema on first use; src/test/k8s-schema/validate.cjs runs the validators.
 *
 * <p>Without node and npm the caller's test is skipped, except under {@code CI=true}, where it
 * fails: CI must not pass without having checked.
 */
final class KubernetesJsonSchemas {
  static final Path SOURCE = Path.of("src/test/k8s-schema");
  static final Path WORK = Path.of("target/k8s-schema");
  private static final long INSTALL_DEADLINE_S = 300;
  private static final long VALIDATE_DEADLINE_S = 60;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@code node validate.cjs} said: its exit code and its stdout lines. */
  record Verdict(int exitCode, List<String> lines, String output) {
    boolean valid() {
      return exitCode == 0;
    }
  }

  private final Path node;

  private KubernetesJsonSchemas(Path node) {
    this.node = node;
  }

  /**
   * Finds node and npm, and installs the locked packages unless target/k8s-schema already holds
   * exactly this lock's install. Skips (or, under CI, fails) when node or npm is missing; fails
   * when {@code npm ci} does.
   */
  static KubernetesJsonSchemas install() {
    Optional<Path> node = onPath("node");
    Optional<Path> npm = onPath("npm");
    if (node.isEmpty() || npm.isEmpty()) {
      throw unavailable(
          (node.isEmpty() ? "node" : "npm")
              + " is not on the PATH: the manifest's schema validation needs node and npm"
              + " (Debian 12: apt-get install nodejs npm)",
          "true".equalsIgnoreCase(System.getenv("CI")));
    }
    try {
      Files.createDirectories(WORK);
      for (String f : List.of("package.json", "package-lock.json", "validate.cjs")) {
        Files.copy(
            SOURCE.resolve(f), WORK.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      byte[] lock = Files.readAllBytes(SOURCE.resolve("package-lock.json"));
      Path stamp = WORK.resolve("installed-lock.json");
      boolean installed =
          Files.isRegularFile(WORK.resolve("node_modules/.package-lock.json"))
              && Files.isRegularFile(stamp)
              && Arrays.equals(Files.readAllBytes(stamp), lock);
      if (!installed) {
        Files.deleteIfExists(stamp);
        Path log = WORK.resolve("npm-ci.log");
        int rc =
            run(
                List.of(
                    npm.get().toString(),
                    "ci",
                    "--ignore-scripts",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=warn"),
                log,
                INSTALL_DEADLINE_S);
        if (rc != 0) {
          throw new AssertionError(
              "npm ci in " + WORK + " failed (exit " + rc + "):\n" + Files.readString(log));
        }
        Files.write(stamp, lock);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KubernetesJsonSchemas(node.get());
  }

  /**
   * Skips the test that needs node and npm, or fails it under CI, where a missing tool must not
   * turn into a green build.
   */
  static RuntimeException unavailable(String why, boolean ci) {
    if (ci) {
      return new IllegalStateException(why + "; CI=true, so this is a failure, not a skip");
    }
    return new TestAbortedException(why + "; skipped (set CI=true to make this a failure)");
  }

  /** Validates these documents, each against the schema of its apiVersion and kind. */
  Verdict validate(String name, List<JsonNode> documents) {
    ArrayNode array = JSON.createArrayNode();
    documents.forEach(array::add);
    try {
      Path input = WORK.resolve(name + ".json");
      Files.writeString(input, array.toString());
      Path out = WORK.resolve(name + ".out");
      int rc =
          run(
              List.of(node.toString(), "validate.cjs", input.getFileName().toString()),
              out,
              VALIDATE_DEADLINE_S);
      String output = Files.readString(out);
      return new Verdict(rc, output.lines().toList(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int run(List<String> argv, Path output, long deadlineSeconds) throws IOException {
    Files.deleteIfExists(output);
    Process p =
        new ProcessBuilder(argv)
            .directory(WORK.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      if (!p.waitFor(deadlineSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        throw new AssertionError(
            String.join(" ", argv)
                + " did not finish within "
                + deadlineSeconds
                + " s:\n"
                + Files.readString(output, StandardCharsets.UTF_8));
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, program);
        if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
