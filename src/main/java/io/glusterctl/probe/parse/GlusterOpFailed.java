package io.glusterctl.probe.parse;

import java.util.Objects;
import java.util.Optional;

/**
 * The gluster CLI answered, and its answer is a failure: {@code <opRet>} not 0 (for example -22
 * while a peer handshake is under way), {@code Connection failed} (glusterd is not running), {@code
 * Error : Request timed out} (glusterd does not answer), or {@code peer status: failed}. Not a
 * parse error: the output was understood.
 */
public final class GlusterOpFailed extends GlusterOutputException {
  private static final long serialVersionUID = 1L;

  /** What the CLI prints on stdout, even with {@code --xml}, when glusterd's socket refuses. */
  public static final String CONNECTION_FAILED =
      "Connection failed. Please check if gluster daemon is operational.";

  /**
   * What the CLI prints on stdout, even with {@code --xml}, when glusterd does not answer in time.
   */
  public static final String REQUEST_TIMED_OUT = "Error : Request timed out";

  private final transient CliEnvelope envelope;
  private final boolean unreachable;

  private GlusterOpFailed(String message, CliEnvelope envelope, boolean unreachable) {
    super(message, null);
    this.envelope = envelope;
    this.unreachable = unreachable;
  }

  /** {@code <opRet>} was not 0. */
  public static GlusterOpFailed of(CliEnvelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    String text =
        "gluster failed: opRet "
            + envelope.opRet()
            + ", opErrno "
            + envelope.opErrno()
            + (envelope.opErrstr().isEmpty() ? "" : ": " + envelope.opErrstr());
    return new GlusterOpFailed(text, envelope, false);
  }

  /**
   * The plain-text failure lines the CLI prints instead of any output, or empty when {@code output}
   * is not one of them: {@link #CONNECTION_FAILED}, {@link #REQUEST_TIMED_OUT} and {@code
   * <command>: failed} (for example {@code peer status: failed}).
   */
  public static Optional<GlusterOpFailed> fromPlainText(String output) {
    String line = output.strip();
    if (line.equals(CONNECTION_FAILED)) {
      return Optional.of(new GlusterOpFailed("glusterd is not running: " + line, null, true));
    }
    if (line.equals(REQUEST_TIMED_OUT)) {
      return Optional.of(new GlusterOpFailed("glusterd did not answer: " + line, null, true));
    }
    if (line.matches("(peer status|pool list|volume info): failed")) {
      return Optional.of(new GlusterOpFailed("gluster failed: " + line, null, false));
    }
    return Optional.empty();
  }

  /** The {@code <cliOutput>} envelope, when the failure came as XML. */
  public Optional<CliEnvelope> envelope() {
    return Optional.ofNullable(envelope);
  }

  /** glusterd was not reached or did not answer in time (not running, hung, stopped). */
  public boolean glusterdUnreachable() {
    return unreachable;
  }
}
