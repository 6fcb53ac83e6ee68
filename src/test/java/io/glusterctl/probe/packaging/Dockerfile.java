package io.glusterctl.probe.packaging;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * docker/Dockerfile as a list of build stages, each a list of instructions. A small reader for what
 * the tests check (continuation lines joined, comments dropped, ARG defaults substituted into
 * FROM); not a full Dockerfile parser.
 */
final class Dockerfile {
  static final Path FILE = Path.of("docker/Dockerfile");

  /**
   * One instruction: {@code COPY --from=build /a /b} is keyword COPY, arguments "--from=build /a
   * /b".
   */
  record Instruction(String keyword, String arguments) {
    List<String> words() {
      return Arrays.asList(arguments.trim().split("\\s+"));
    }

    /** The words that are not {@code --flags}. */
    List<String> operands() {
      return words().stream().filter(w -> !w.startsWith("--")).toList();
    }

    Optional<String> flag(String name) {
      return words().stream()
          .filter(w -> w.startsWith("--" + name + "="))
          .map(w -> w.substring(name.length() + 3))
          .findFirst();
    }
  }

  /** A build stage: its base image, its name (the AS of FROM) and its instructions. */
  record Stage(String baseImage, String name, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Optional<String> argDefault(String arg) {
      return all("ARG").stream()
          .map(Instruction::arguments)
          .filter(a -> a.startsWith(arg + "="))
          .map(a -> a.substring(arg.length() + 1).trim())
          .findFirst();
    }
  }

  private final List<Stage> stages;

  private Dockerfile(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  static Dockerfile load() {
    return parse(Manifest.read(FILE));
  }

  static Dockerfile parse(String text) {
    List<Instruction> global = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    String base = null;
    String name = null;
    for (String line : joinContinuations(text)) {
      String[] parts = line.trim().split("\\s+", 2);
      Instruction instruction =
          new Instruction(
              parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].trim() : "");
      if (instruction.keyword().equals("FROM")) {
        if (current != null) {
          stages.add(new Stage(base, name, current));
        }
        List<String> words = instruction.operands();
        base = substitute(words.get(0), global);
        name = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
        current = new ArrayList<>();
      } else if (current == null) {
        global.add(instruction);
      } else {
        current.add(instruction);
      }
    }
    if (current != null) {
      stages.add(new Stage(base, name, current));
    }
    return new Dockerfile(stages);
  }

  List<Stage> stages() {
    return stages;
  }

  Stage runtime() {
    return stages.get(stages.size() - 1);
  }

  Stage stage(String name) {
    return stages.stream()
        .filter(s -> name.equals(s.name()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + name + " in " + FILE));
  }

  /** The JSON-array (exec form) arguments of an instruction such as ENTRYPOINT ["/a", "b"]. */
  static List<String> execForm(Instruction instruction) {
    String a = instruction.arguments().trim();
    if (!a.startsWith("[") || !a.endsWith("]")) {
      throw new AssertionError(instruction.keyword() + " is not in exec form: " + a);
    }
    List<String> out = new ArrayList<>();
    for (String part : a.substring(1, a.length() - 1).split(",")) {
      String p = part.trim();
      out.add(p.substring(1, p.length() - 1));
    }
    return out;
  }

  private static String substitute(String word, List<Instruction> globalArgs) {
    if (word.startsWith("${") && word.endsWith("}")) {
      String arg = word.substring(2, word.length() - 1);
      return globalArgs.stream()
          .filter(i -> i.keyword().equals("ARG") && i.arguments().startsWith(arg + "="))
          .map(i -> i.arguments().substring(arg.length() + 1).trim())
          .findFirst()
          .orElseThrow(() -> new AssertionError("ARG " + arg + " has no default"));
    }
    return word;
  }

  private static List<String> joinContinuations(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && pending.length() == 0)) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line);
      if (pending.toString().isBlank()) {
        pending.setLength(0);
        continue;
      }
      lines.add(pending.toString());
      pending.setLength(0);
    }
    return lines;
  }
}
