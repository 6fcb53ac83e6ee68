package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** --help, --version and usage errors, through picocli as the program runs them. */
class HelpAndUsageTest {
  @TempDir(factory = GctTempDir.class)
  Path tmp;

  private static final List<String> EXIT_CODES =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "70");
  private static final Pattern ENV_DEFAULT = Pattern.compile("^\\$\\{env:([A-Z_]+)(:-.*)?}$");
  private static final Pattern README_EXIT_CODE_ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|.*$");
  private static final Pattern OPTION_ROW =
      Pattern.compile("^\\|\\s*`(--[a-z-]+)`\\s*\\|\\s*`([A-Z_]+)`\\s*\\|.*$");

  static Stream<String> subcommands() {
    return Main.commandLine().getSubcommands().keySet().stream();
  }

  @Test
  void everyCommandOfTheReadmeIsASubcommand() throws IOException {
    assertThat(Main.commandLine().getSubcommands().keySet())
        .containsExactlyInAnyOrder(
            "liveness",
            "readiness",
            "prestop",
            "prestart",
            "status",
            "plan",
            "reconcile",
            "repair");
  }

  @Test
  void theReadmesExitCodesAreTheOnesHelpLists() throws IOException {
    assertThat(readmeExitCodes()).containsExactlyElementsOf(EXIT_CODES);
    assertThat(ExitCodes.LIST.keySet()).containsExactlyElementsOf(EXIT_CODES);
  }

  @Test
  void topLevelHelpListsEveryExitCodeAndEveryCommand() {
    Cli.Run r = Cli.run("--help");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(exitCodesListed(r.out())).containsExactlyElementsOf(EXIT_CODES);
    subcommands().forEach(c -> assertThat(r.out()).containsPattern("(?m)^  " + c + "\\s"));
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void subcommandHelpListsEveryExitCode(String command) {
    Cli.Run r = Cli.run(command, "--help");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("Usage: glusterctl-probe " + command);
    assertThat(exitCodesListed(r.out())).containsExactlyElementsOf(EXIT_CODES);
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void subcommandHelpNamesEveryOptionAndItsEnvironmentVariable(String command) throws IOException {
    Cli.Run r = Cli.run(command, "--help");
    String help = oneLine(r.out());
    CommandLine sub = Main.commandLine().getSubcommands().get(command);

    Map<String, String> documented = documentedOptions();
    for (OptionSpec o : sub.getCommandSpec().options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      assertThat(help).as("%s --help names %s", command, o.longestName()).contains(o.longestName());
      String dv = o.defaultValueString(false);
      if (dv == null || !dv.startsWith("${env:")) {
        // the offline options and --dry-run read no variable; they are not in the options table
        assertThat(documented)
            .as("docs/reference.md lists %s with a variable", o.longestName())
            .doesNotContainKey(o.longestName());
        continue;
      }
      Matcher m = ENV_DEFAULT.matcher(dv);
      assertThat(m.matches()).as("%s default %s", o.longestName(), dv).isTrue();
      String variable = m.group(1);
      assertThat(help)
          .as("%s --help names the variable of %s", command, o.longestName())
          .contains("env " + variable);
      assertThat(documented.get(o.longestName()))
          .as("docs/reference.md's variable for %s", o.longestName())
          .isEqualTo(variable);
    }
    // and every variable of the options table is an option of every command
    for (Map.Entry<String, String> e : documented.entrySet()) {
      assertThat(help)
          .as("%s --help", command)
          .contains(e.getKey())
          .contains("env " + e.getValue());
    }
  }

  @Test
  void versionPrintsTheProgramAndVersion() {
    Cli.Run r = Cli.run("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("glusterctl-probe " + Main.VERSION + "\n");
    assertThat(r.err()).isEmpty();
    assertThat(Cli.run("-V").out()).isEqualTo(r.out());
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void versionOfASubcommandPrintsTheProgramAndVersion(String command) {
    Cli.Run r = Cli.run(command, "--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("glusterctl-probe " + Main.VERSION + "\n");
  }

  @Test
  void noCommandIsAUsageError() {
    Cli.Run r = Cli.run();

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0)).isEqualTo("a command is required");
  }

  @Test
  void unknownCommandIsAUsageError() {
    Cli.Run r = Cli.run("frobnicate");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0)).contains("'frobnicate'");
  }

  @ParameterizedTest
  @MethodSource("subcommands")
  void unknownOptionIsAUsageError(String command) {
    Cli.Run r = Cli.run(command, "--frobnicate");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0)).isEqualTo("Unknown option: '--frobnicate'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"5x", "", "-1s", "1.5s", "10", "s", "99999999999s"})
  void badDurationIsAUsageError(String value) {
    Cli.Run r = Cli.run("liveness", "--deadline", value);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0))
        .startsWith("Invalid value for option '--deadline'")
        .contains("is not a duration");
  }

  /**
   * A run's deadline or a gluster call's of zero leaves no time for anything: liveness then failed
   * with "no time left" (exit 1, a container restart) instead of saying the option is wrong.
   */
  @ParameterizedTest
  @CsvSource({
    "liveness,--deadline,0s",
    "liveness,--deadline,0ms",
    "reconcile,--deadline,0h",
    "readiness,--gluster-timeout,0s",
    "prestart,--gluster-timeout,0ms"
  })
  void aZeroDeadlineIsAUsageError(String command, String option, String value) {
    Cli.Run r =
        Cli.run(
            command,
            option,
            value,
            "--gluster",
            "/nonexistent/gluster",
            "--state-dir",
            tmp.resolve("state").toString(),
            "--members-from",
            "dns",
            "--dns-server",
            "127.0.0.1:1");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0))
        .isEqualTo(
            "Invalid value for option '"
                + option
                + "': '"
                + value
                + "' is not a positive duration (examples: 500ms, 8s, 10m, 1h)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--gluster-timeout", "--surplus-grace", "--stuck-grace", "--lock-wait"})
  void everyDurationOptionRejectsABadValue(String option) {
    Cli.Run r = Cli.run("status", option, "5x");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.errLines().get(0)).startsWith("Invalid value for option '" + option + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"xyz", "", "kubernetes"})
  void badMembersFromIsAUsageError(String value) {
    Cli.Run r = Cli.run("readiness", "--members-from", value);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines().get(0))
        .startsWith("Invalid value for option '--members-from'")
        .contains("[auto, api, dns]");
  }

  @Test
  void membersFromIsCaseInsensitive() {
    CommandLine cl = Main.commandLine();
    cl.parseArgs("status", "--members-from", "DNS", "--output", "JSON");
    StatusCommand status =
        (StatusCommand) cl.getSubcommands().get("status").getCommandSpec().userObject();
    assertThat(status.opts.membersFrom).isEqualTo(CommonOptions.MembersFrom.dns);
    assertThat(status.opts.output).isEqualTo(CommonOptions.OutputFormat.json);
  }

  @Test
  void badOutputIsAUsageError() {
    Cli.Run r = Cli.run("status", "--output", "yaml");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.errLines().get(0)).startsWith("Invalid value for option '--output'");
  }

  @Test
  void anOptionOfAnotherCommandIsAUsageError() {
    // --dry-run belongs to reconcile and repair, --peer-status-file to status and plan
    assertThat(Cli.run("liveness", "--dry-run").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(Cli.run("readiness", "--peer-status-file", "x").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    DurationConverter c = new DurationConverter();
    assertThat(c.convert("500ms").toMillis()).isEqualTo(500);
    assertThat(c.convert("8s").toSeconds()).isEqualTo(8);
    assertThat(c.convert(" 10m ").toMinutes()).isEqualTo(10);
    assertThat(c.convert("1h").toHours()).isEqualTo(1);
    assertThat(DurationConverter.format(c.convert("90s"))).isEqualTo("90s");
    assertThat(DurationConverter.format(c.convert("120s"))).isEqualTo("2m");
    assertThat(DurationConverter.format(c.convert("1500ms"))).isEqualTo("1500ms");
    assertThat(DurationConverter.format(c.convert("0s"))).isEqualTo("0s");
  }

  /** The codes of the "Exit codes:" list, in order. */
  private static List<String> exitCodesListed(String help) {
    int at = help.indexOf("\nExit codes:\n");
    assertThat(at).as("help has an 'Exit codes:' section:\n%s", help).isNotNegative();
    List<String> codes = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  (\\d+)\\s{2,}\\S").matcher(help.substring(at));
    while (m.find()) {
      codes.add(m.group(1));
    }
    return codes;
  }

  /** Help text with its line wrapping undone. */
  private static String oneLine(String help) {
    return help.replaceAll("\\s+", " ");
  }

  /** The codes of README.md's "Exit codes" table, in order. */
  private static List<String> readmeExitCodes() throws IOException {
    List<String> codes = new ArrayList<>();
    boolean in = false;
    for (String line : Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8)) {
      if (line.startsWith("## ")) {
        in = line.equals("## Exit codes");
        continue;
      }
      Matcher m = README_EXIT_CODE_ROW.matcher(line.strip());
      if (in && m.matches()) {
        codes.add(m.group(1));
      }
    }
    return codes;
  }

  /** docs/reference.md's "Options and environment" table: option to variable. */
  private static Map<String, String> documentedOptions() throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    boolean in = false;
    for (String line : Files.readAllLines(Path.of("docs/reference.md"), StandardCharsets.UTF_8)) {
      if (line.startsWith("## ")) {
        in = line.startsWith("## Options and environment");
        continue;
      }
      Matcher m = OPTION_ROW.matcher(line.strip());
      if (in && m.matches()) {
        rows.put(m.group(1), m.group(2));
      }
    }
    assertThat(rows).as("docs/reference.md options table").hasSizeGreaterThan(15);
    return rows;
  }
}
