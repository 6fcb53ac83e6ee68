package io.glusterctl.probe.parse;

/**
 * The gluster CLI's output gives no result: either it could not be read ({@link ParseException}),
 * or gluster said that the operation failed ({@link GlusterOpFailed}). Either way the observation
 * is Unknown, never empty.
 */
public abstract sealed class GlusterOutputException extends Exception
    permits ParseException, GlusterOpFailed {
  private static final long serialVersionUID = 1L;

  GlusterOutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
