package io.glusterctl.probe.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the program in-process through picocli, as {@link Main} does, and keeps what it printed. */
final class Cli {
  static final Path FIXTURES = Path.of("test-fixtures");

  private Cli() {}

  /**
   * What one run printed and returned.
   *
   * @param exitCode what {@code execute} returned (the process's exit code)
   * @param out standard output
   * @param err standard error
   */
  record Run(int exitCode, String out, String err) {
    /** stdout's lines, without the empty last one. */
    List<String> outLines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Run run(String... args) {
    return run(List.of(args));
  }

  static Run run(List<String> args) {
    return run(new ByteArrayInputStream(new byte[0]), args);
  }

  private static Run run(InputStream stdin, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(stdin);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** A run with this standard input (for {@code --peer-status-file -}). */
  static Run runWithStdin(byte[] stdin, String... args) {
    return run(new ByteArrayInputStream(stdin), List.of(args));
  }

  static Path fixture(String name) {
    return FIXTURES.resolve(name);
  }

  /** {@code args} followed by {@code more}. */
  static List<String> concat(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }
}
