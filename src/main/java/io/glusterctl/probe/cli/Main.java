package io.glusterctl.probe.cli;

import io.glusterctl.probe.verdict.ExitCodes;
import java.io.InputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point: {@code glusterctl-probe <command>}. */
@Command(
    name = "glusterctl-probe",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Keeps a GlusterFS Trusted Storage Pool right when glusterd runs as a Kubernetes"
          + " StatefulSet: observe the pool and the Service, plan, act."
    },
    subcommands = {
      LivenessCommand.class,
      ReadinessCommand.class,
      PrestopCommand.class,
      PrestartCommand.class,
      StatusCommand.class,
      PlanCommand.class,
      ReconcileCommand.class,
      RepairCommand.class
    })
public final class Main implements Runnable {
  public static final String VERSION = "0.1.0";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    CommandLine cl = commandLine();
    int code = cl.execute(args);
    // picocli's writers flush only on println: what a command print()ed would be lost at exit
    cl.getOut().flush();
    cl.getErr().flush();
    System.exit(code);
  }

  /** The configured command line, as {@link #main} uses it: standard input is the process's. */
  public static CommandLine commandLine() {
    return commandLine(System.in);
  }

  /**
   * The configured command line, with the standard input that {@code --peer-status-file -} reads.
   */
  public static CommandLine commandLine(InputStream stdin) {
    CommandLine cl = new CommandLine(new Main(), new StdinFactory(stdin));
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("ERROR internal error: " + ex);
          return ExitCodes.INTERNAL;
        });
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    applyToEveryCommand(cl);
    return cl;
  }

  /**
   * The exit codes in every {@code --help}, and the program's version in every {@code --version}.
   */
  private static void applyToEveryCommand(CommandLine cl) {
    cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n");
    cl.getCommandSpec().usageMessage().exitCodeList(ExitCodes.LIST);
    cl.getCommandSpec().versionProvider(new Version());
    for (CommandLine sub : cl.getSubcommands().values()) {
      applyToEveryCommand(sub);
    }
  }

  /** Makes the commands that read standard input with the one given; the rest as picocli does. */
  private record StdinFactory(InputStream stdin) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == StatusCommand.class) {
        return cls.cast(new StatusCommand(stdin));
      }
      if (cls == PlanCommand.class) {
        return cls.cast(new PlanCommand(stdin));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  /** {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"glusterctl-probe " + VERSION};
    }
  }
}
