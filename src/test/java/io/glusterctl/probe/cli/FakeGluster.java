package io.glusterctl.probe.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for the gluster CLI: a real executable shell script in a test's temp dir that logs
 * every argv it is run with (one line each) and then does what the test says.
 */
final class FakeGluster {
  final Path script;
  final Path argvLog;

  private FakeGluster(Path script, Path argvLog) {
    this.script = script;
    this.argvLog = argvLog;
  }

  /** A script that logs its argv and then runs {@code body} (sh). */
  static FakeGluster write(Path dir, String body) throws IOException {
    Path script = dir.resolve("gluster");
    Path log = dir.resolve("gluster-argv.log");
    Files.writeString(
        script,
        // a run under a file-size limit of 0 (a full disk): the log line is lost, the script goes
        // on
        "#!/bin/sh\ntrap '' XFSZ\nprintf '%s\\n' \"$*\" 2>/dev/null >> '"
            + log
            + "'\n"
            + body
            + "\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return new FakeGluster(script, log);
  }

  /** Every argv the script was run with, one string each (arguments joined by spaces). */
  List<String> calls() throws IOException {
    return Files.exists(argvLog) ? Files.readAllLines(argvLog, StandardCharsets.UTF_8) : List.of();
  }

  /** A line of shell that prints a fixture on stdout. */
  static String cat(String fixture) {
    return "cat '" + Cli.fixture(fixture).toAbsolutePath() + "'";
  }
}
