package io.glusterctl.probe.cli;

import com.grack.nanojson.JsonStringWriter;
import com.grack.nanojson.JsonWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.ToIntFunction;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The probes' and hooks' answers: short lines for the kubelet ({@code --output text}, the first
 * line says what is wrong), or one JSON object for tools ({@code --output json}): {@code command},
 * {@code exitCode}, {@code verdict} (the first line's first word: OK, UNHEALTHY, READY, ...),
 * {@code message} (the first line) and {@code details} (the other lines).
 */
final class Verdicts {
  private Verdicts() {}

  static int print(CommandSpec spec, CommonOptions opts, ToIntFunction<PrintWriter> body) {
    PrintWriter out = spec.commandLine().getOut();
    if (opts.output != CommonOptions.OutputFormat.json) {
      return body.applyAsInt(out);
    }
    StringWriter buffer = new StringWriter();
    int rc;
    try (PrintWriter captured = new PrintWriter(buffer)) {
      rc = body.applyAsInt(captured);
    }
    List<String> lines = buffer.toString().lines().toList();
    String first = lines.isEmpty() ? "" : lines.get(0).strip();
    int space = first.indexOf(' ');
    JsonStringWriter j =
        JsonWriter.string()
            .object()
            .value("command", spec.name())
            .value("exitCode", rc)
            .value("verdict", space < 0 ? first : first.substring(0, space))
            .value("message", first)
            .array("details", lines.isEmpty() ? List.of() : lines.subList(1, lines.size()))
            .end();
    out.println(j.done());
    return rc;
  }
}
