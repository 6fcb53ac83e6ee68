package io.glusterctl.probe.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container's start command, read from the image's own {@code docker/Dockerfile}: its {@code
 * ENTRYPOINT} in exec form, with the image's copy of {@code docker/entrypoint.sh} replaced by the
 * sandbox's copy. So the sandbox starts each container exactly the way the image does (an init such
 * as tini as PID 1, then the entrypoint script), and a change to the image's start is a change to
 * the sandbox's.
 */
final class ImageEntrypoint {
  static final String SCRIPT_SOURCE = "docker/entrypoint.sh";
  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  private ImageEntrypoint() {}

  /** The ENTRYPOINT of {@code <repo>/docker/Dockerfile}, with the script at {@code script}. */
  static List<String> argv(Path repo, Path script) {
    String dockerfile;
    try {
      dockerfile =
          Files.readString(repo.resolve("docker/Dockerfile"), StandardCharsets.UTF_8)
              .replace("\\\n", " ");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the image's Dockerfile", e);
    }
    return argv(dockerfile, script.toString());
  }

  /**
   * The last {@code ENTRYPOINT [...]} of {@code dockerfile}, with the destination of {@code COPY
   * docker/entrypoint.sh <destination>} replaced by {@code script}.
   */
  static List<String> argv(String dockerfile, String script) {
    String entrypoint = null;
    String copied = null;
    for (String line : dockerfile.split("\n")) {
      String l = line.strip();
      if (l.startsWith("ENTRYPOINT ")) {
        entrypoint = l.substring("ENTRYPOINT ".length()).strip();
      }
      String[] words = l.split("\\s+");
      if (words.length == 3 && words[0].equals("COPY") && words[1].equals(SCRIPT_SOURCE)) {
        copied = words[2];
      }
    }
    if (entrypoint == null || !entrypoint.startsWith("[") || !entrypoint.endsWith("]")) {
      throw new SandboxException("the Dockerfile has no ENTRYPOINT in exec form: " + entrypoint);
    }
    if (copied == null) {
      throw new SandboxException("the Dockerfile does not COPY " + SCRIPT_SOURCE);
    }
    List<String> argv = new ArrayList<>();
    Matcher m = QUOTED.matcher(entrypoint);
    while (m.find()) {
      String word = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
      argv.add(word.equals(copied) ? script : word);
    }
    if (!argv.contains(script)) {
      throw new SandboxException("the ENTRYPOINT " + entrypoint + " does not run " + copied);
    }
    return List.copyOf(argv);
  }
}
