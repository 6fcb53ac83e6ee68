package io.glusterctl.probe.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * What a {@code gluster peer probe} or {@code peer detach} answered: done, nothing to do, or
 * refused. Read from the {@code --xml} answer (preferred: exit code 0 either way, {@code opRet} and
 * {@code opErrno} tell) or from the text form (stdout, stderr and the exit code).
 *
 * <p>Output that says neither is a {@link ParseException}; {@code Connection failed} and {@code
 * Error : Request timed out} are a {@link GlusterOpFailed}: whether the operation happened is then
 * not known.
 */
public sealed interface GlusterCommandResult {

  /** Which command was run: the meaning of {@code opErrno} depends on it. */
  enum Operation {
    PROBE("probe"),
    DETACH("detach"),
    /**
     * {@code peer detach <host> force}: glusterd skips its check that every other peer is up, and
     * answers as to a plain detach.
     */
    FORCE_DETACH("detach", "force");

    private final String verb;
    private final List<String> flags;

    Operation(String verb, String... flags) {
      this.verb = verb;
      this.flags = List.of(flags);
    }

    /** {@code probe} or {@code detach}: the argument after {@code peer}. */
    public String verb() {
      return verb;
    }

    /** {@code peer probe} or {@code peer detach}, as the CLI prefixes its text answers. */
    public String command() {
      return "peer " + verb;
    }

    /**
     * The CLI's arguments for this operation on {@code host}: {@code peer <verb> <host> [flags]}.
     */
    public List<String> arguments(String host) {
      List<String> args = new ArrayList<>(List.of("peer", verb, host));
      args.addAll(flags);
      return List.copyOf(args);
    }
  }

  /** Why nothing needed doing. */
  enum NothingToDo {
    /** {@code Probe on localhost not needed} (opErrno 1): the name is this node's. */
    PROBE_OF_LOCALHOST,
    /** {@code Host X port 24007 already in peer list} (opErrno 2). */
    ALREADY_IN_PEER_LIST
  }

  /** glusterd's message. */
  String message();

  /** The operation was carried out ({@code success}). */
  record Done(String message) implements GlusterCommandResult {
    public Done {
      Objects.requireNonNull(message, "message");
    }
  }

  /** glusterd answered without error that there was nothing to do. */
  record NotNeeded(NothingToDo why, String message) implements GlusterCommandResult {
    public NotNeeded {
      Objects.requireNonNull(why, "why");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * glusterd refused or failed the operation, e.g. {@code Peer X hosts one or more bricks...} or
   * {@code Probe returned with Transport endpoint is not connected}.
   *
   * @param opErrno glusterd's reason code when the answer was XML
   */
  record Refused(String message, OptionalInt opErrno) implements GlusterCommandResult {
    public Refused {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(opErrno, "opErrno");
    }
  }

  /**
   * Reads the {@code --xml} answer of {@code op}.
   *
   * @throws ParseException when {@code xml} is not such an answer
   * @throws GlusterOpFailed when glusterd was not reached or did not answer in time
   */
  static GlusterCommandResult fromXml(Operation op, String xml)
      throws ParseException, GlusterOpFailed {
    Element root = CliXml.read(xml);
    CliEnvelope env = CliXml.envelope(root);
    if (!env.ok()) {
      if (env.opErrstr().isEmpty()) {
        return new Refused(
            op.command() + " failed: opRet " + env.opRet() + ", opErrno " + env.opErrno(),
            OptionalInt.of(env.opErrno()));
      }
      return new Refused(env.opErrstr(), OptionalInt.of(env.opErrno()));
    }
    String output =
        CliXml.optionalOne(root, "output").isPresent() ? CliXml.text(root, "output") : "";
    if (op == Operation.PROBE && env.opErrno() == 1) {
      return new NotNeeded(NothingToDo.PROBE_OF_LOCALHOST, output);
    }
    if (op == Operation.PROBE && env.opErrno() == 2) {
      return new NotNeeded(NothingToDo.ALREADY_IN_PEER_LIST, output);
    }
    if (env.opErrno() != 0) {
      throw new ParseException(
          op.command()
              + ": opRet 0 with unknown opErrno "
              + env.opErrno()
              + ": '"
              + CliXml.abbreviate(output)
              + "'");
    }
    if (!output.equals("success")) {
      throw new ParseException(
          op.command()
              + ": opRet 0 but the output is '"
              + CliXml.abbreviate(output)
              + "', not 'success'");
    }
    return new Done(output);
  }

  /**
   * Reads the text answer of {@code op}: {@code peer probe: success}, {@code peer probe: Probe on
   * localhost not needed}, {@code peer probe: Host X port 24007 already in peer list} on stdout
   * (exit 0); {@code peer probe: failed: <why>} on stderr (exit 1, or 255 for a detach refused for
   * bricks).
   *
   * @throws ParseException when the output says none of these
   * @throws GlusterOpFailed when glusterd was not reached or did not answer in time
   */
  static GlusterCommandResult fromText(Operation op, String stdout, String stderr, int exitCode)
      throws ParseException, GlusterOpFailed {
    String out = stdout == null ? "" : CliXml.stripBom(stdout).strip();
    String err = stderr == null ? "" : stderr.strip();
    Optional<GlusterOpFailed> failed = GlusterOpFailed.fromPlainText(out);
    if (failed.isPresent()) {
      throw failed.get();
    }
    String prefix = op.command() + ": ";
    Matcher refused =
        Pattern.compile(Pattern.quote(prefix) + "failed: (.+)", Pattern.DOTALL).matcher(err);
    if (exitCode != 0 && out.isEmpty() && refused.matches()) {
      return new Refused(refused.group(1).strip(), OptionalInt.empty());
    }
    if (exitCode == 0 && out.startsWith(prefix) && out.indexOf('\n') < 0) {
      String message = out.substring(prefix.length());
      if (message.equals("success")) {
        return new Done(message);
      }
      if (op == Operation.PROBE && message.equals("Probe on localhost not needed")) {
        return new NotNeeded(NothingToDo.PROBE_OF_LOCALHOST, message);
      }
      if (op == Operation.PROBE && message.matches("Host \\S+ port [0-9]+ already in peer list")) {
        return new NotNeeded(NothingToDo.ALREADY_IN_PEER_LIST, message);
      }
    }
    throw new ParseException(
        op.command()
            + ": unrecognised answer (exit "
            + exitCode
            + "): stdout '"
            + CliXml.abbreviate(out)
            + "', stderr '"
            + CliXml.abbreviate(err)
            + "'");
  }
}
