package io.glusterctl.probe.parse;

import java.util.Objects;

/**
 * The envelope of every {@code gluster --xml} answer: {@code
 * <cliOutput><opRet><opErrno><opErrstr>}. With {@code --xml} the CLI exits 0 whenever it printed a
 * document, failed or not: only {@code opRet} tells.
 *
 * @param opRet 0 when the operation succeeded
 * @param opErrno the reason code (for a probe with opRet 0: 1 = localhost, 2 = already a peer)
 * @param opErrstr glusterd's message, empty when there is none
 */
public record CliEnvelope(int opRet, int opErrno, String opErrstr) {
  public CliEnvelope {
    Objects.requireNonNull(opErrstr, "opErrstr");
  }

  /** Whether the operation succeeded ({@code opRet} 0). */
  public boolean ok() {
    return opRet == 0;
  }

  /** Throws {@link GlusterOpFailed} unless {@code opRet} is 0. */
  public void requireOk() throws GlusterOpFailed {
    if (!ok()) {
      throw GlusterOpFailed.of(this);
    }
  }

  /**
   * Reads only the envelope of a {@code gluster --xml} answer.
   *
   * @throws ParseException when {@code xml} is not a {@code <cliOutput>} document
   * @throws GlusterOpFailed when {@code xml} is one of the CLI's plain-text failure lines
   */
  public static CliEnvelope parse(String xml) throws ParseException, GlusterOpFailed {
    return CliXml.envelope(CliXml.read(xml));
  }
}
