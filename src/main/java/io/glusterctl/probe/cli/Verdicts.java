package io.glusterctl.probe.cli;

import com.grack.nanojson.JsonWriter;
import io.glusterctl.probe.verdict.Verdict;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Prints the answer of a probe, hook or repair: its lines for the kubelet ({@code --output text},
 * the first line says what is wrong), or one JSON object for tools ({@code --output json}) made
 * from its fields: {@code command}, {@code exitCode}, {@code verdict} (the kind: OK, UNHEALTHY,
 * READY, NOT_READY, ...), {@code message} (the first line) and {@code details} (the other lines).
 */
final class Verdicts {
  private Verdicts() {}

  /** Opens this run's session, asks it for the answer, prints it and returns its exit code. */
  static int answer(CommandSpec spec, CommonOptions opts, Function<Session, Verdict> run) {
    try (Session s = Session.open(opts, spec)) {
      return print(spec, opts, run.apply(s));
    }
  }

  /** Prints {@code v} and returns its exit code. */
  static int print(CommandSpec spec, CommonOptions opts, Verdict v) {
    PrintWriter out = spec.commandLine().getOut();
    if (opts.output == CommonOptions.OutputFormat.json) {
      out.println(
          JsonWriter.string()
              .object()
              .value("command", spec.name())
              .value("exitCode", v.exitCode())
              .value("verdict", v.kind().name())
              .value("message", v.line())
              .array("details", v.details())
              .end()
              .done());
    } else {
      v.lines().forEach(out::println);
    }
    return v.exitCode();
  }
}
