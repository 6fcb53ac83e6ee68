package io.glusterctl.probe.parse;

import java.util.List;

/**
 * Whether a failed gluster CLI call says that glusterd did not answer at all (not running, hung,
 * SIGSTOPped), as opposed to answering with a failure. On glusterd 10.3 the CLI prints {@value
 * GlusterOpFailed#CONNECTION_FAILED} or {@value GlusterOpFailed#REQUEST_TIMED_OUT} on stdout and
 * exits 1, with or without {@code --xml} (test-fixtures {@code connection-failed-*}, {@code
 * timeout-*}); a listing that fails while a handshake is under way ({@code peer status: failed}) is
 * an answer.
 */
public final class GlusterdUnreachable {
  /**
   * What the CLI's text says when glusterd does not answer; a failed call that says one is dead.
   */
  static final List<String> SIGNS =
      List.of("Connection failed", "Request timed out", "daemon is operational");

  private GlusterdUnreachable() {}

  /** Whether a call that exited with {@code exitCode} and printed this says glusterd is silent. */
  public static boolean saidBy(int exitCode, String stdout, String stderr) {
    if (exitCode == 0) {
      return false;
    }
    String all = stdout + "\n" + stderr;
    return SIGNS.stream().anyMatch(all::contains);
  }
}
