package io.glusterctl.probe.parse;

/**
 * The output is not what the gluster CLI prints: empty, cut off, garbage, or a form this parser
 * does not know. Never turned into a partial or empty result.
 */
public final class ParseException extends GlusterOutputException {
  private static final long serialVersionUID = 1L;

  public ParseException(String message) {
    super(message, null);
  }

  public ParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
