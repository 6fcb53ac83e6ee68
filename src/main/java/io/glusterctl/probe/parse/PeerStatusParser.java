package io.glusterctl.probe.parse;

import io.glusterctl.probe.model.PoolView;

/**
 * Reads {@code gluster peer status} in either form, told apart by its first character: {@code
 * --xml} output ({@link PeerStatusXmlParser}) or the text people paste ({@link
 * PeerStatusTextParser}).
 */
public final class PeerStatusParser {
  private PeerStatusParser() {}

  /**
   * The peers {@code output} lists, in glusterd's order; {@link PoolView#selfUuid()} is empty.
   *
   * @throws ParseException when {@code output} is not a complete peer status
   * @throws GlusterOpFailed when it is gluster's answer that the listing failed
   */
  public static PoolView parse(String output) throws ParseException, GlusterOpFailed {
    if (output == null || output.isBlank()) {
      throw new ParseException("empty output");
    }
    if (isXml(output)) {
      return PeerStatusXmlParser.parse(output);
    }
    return PeerStatusTextParser.parse(output);
  }

  /** Whether {@code output} looks like XML: its first non-blank character is {@code <}. */
  static boolean isXml(String output) {
    return CliXml.stripBom(output).stripLeading().startsWith("<");
  }
}
