package io.glusterctl.probe.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Training runs for the JVM launcher's start-up cache: several commands in one JVM, each as {@link
 * Main} runs it, their output discarded. A JDK 25 AOT cache is made from one JVM's run, so the
 * commands a pod runs all the time (liveness, readiness, status) are run here one after another,
 * against the canned gluster and state directory the launcher prepares ({@code
 * GLUSTERCTL_CDS_DUMP=1}). Not a command: nothing else calls it.
 *
 * <p>{@code java -cp glusterctl-probe.jar io.glusterctl.probe.cli.Training ARGS... [--next
 * ARGS...]}
 */
public final class Training {
  /** Separates one command's arguments from the next one's. */
  static final String NEXT = "--next";

  private Training() {}

  public static void main(String[] args) {
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    for (List<String> command : commands(args)) {
      Main.commandLine().setOut(discard).setErr(discard).execute(command.toArray(String[]::new));
    }
  }

  /** The argument lists between the {@value #NEXT} separators; empty ones are left out. */
  static List<List<String>> commands(String[] args) {
    List<List<String>> commands = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String a : args) {
      if (a.equals(NEXT)) {
        if (!current.isEmpty()) {
          commands.add(current);
        }
        current = new ArrayList<>();
      } else {
        current.add(a);
      }
    }
    if (!current.isEmpty()) {
      commands.add(current);
    }
    return commands;
  }
}
