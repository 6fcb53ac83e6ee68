package io.glusterctl.probe.cli;

import io.glusterctl.probe.verdict.ExitCodes;
import java.io.InputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionStrategy;

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

  /**
   * Exits with the command's code; with {@link ExitCodes#INTERNAL} and one line when anything at
   * all escapes, the JVM's own errors included (out of heap, out of stack): an uncaught error would
   * end the JVM with exit code 1, which a kubelet reads as "glusterd does not answer".
   */
  public static void main(String[] args) {
    int code;
    try {
      CommandLine cl = commandLine();
      code = cl.execute(args);
      // picocli's writers flush only on println: what a command print()ed would be lost at exit
      cl.getOut().flush();
      cl.getErr().flush();
    } catch (Throwable t) { // the last line of defence, whatever it is
      code = ExitCodes.INTERNAL;
      try {
        System.err.println(internalErrorLine(t));
        System.err.flush();
      } catch (Throwable ignored) { // the exit code is what counts
        // nothing left to say it with
      }
    }
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
    return configure(new CommandLine(new Main(), new StdinFactory(stdin)));
  }

  /**
   * Every command's exit codes, version and error handling: an exception or JVM error that escapes
   * a command is one {@code ERROR internal error: ...} line and exit {@link ExitCodes#INTERNAL}.
   */
  static CommandLine configure(CommandLine cl) {
    IExecutionStrategy runLast = new CommandLine.RunLast();
    cl.setExecutionStrategy(
        parsed -> {
          try {
            return runLast.execute(parsed);
          } catch (Error e) { // the JVM's errors too, not only exceptions
            throw new CommandLine.ExecutionException(cl, "internal error", e);
          }
        });
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          Throwable t =
              ex instanceof CommandLine.ExecutionException && ex.getCause() != null
                  ? ex.getCause()
                  : ex;
          cmd.getErr().println(internalErrorLine(t));
          return ExitCodes.INTERNAL;
        });
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    applyToEveryCommand(cl);
    return cl;
  }

  /** {@code ERROR internal error: java.lang.OutOfMemoryError: Java heap space}, on one line. */
  static String internalErrorLine(Throwable t) {
    String s = String.valueOf(t).replaceAll("[\\r\\n\\t]+", " ").replaceAll("[^\\x20-\\x7e]", "?");
    return "ERROR internal error: " + (s.length() > 300 ? s.substring(0, 300) + "..." : s);
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

  /** Makes the options that read standard input with the one given; the rest as picocli does. */
  private record StdinFactory(InputStream stdin) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      return cls == OfflineOptions.class
          ? cls.cast(new OfflineOptions(stdin))
          : CommandLine.defaultFactory().create(cls);
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
