package io.glusterctl.probe.verdict;

/** The program's exit codes: part of its interface, listed in {@code --help} and the README. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  public static final int UNHEALTHY = 1;
  public static final int USAGE = 2;
  public static final int CANNOT_SEE = 3;
  public static final int ACTION_FAILED = 4;
  public static final int BAD_INPUT = 5;
  public static final int BUSY = 6;
  public static final int REPAIR_PENDING = 7;
  public static final int REPAIR_FAILED = 8;
  public static final int INTERNAL = 70;

  /** The list every command's {@code --help} shows. */
  public static final java.util.Map<String, String> LIST = new java.util.LinkedHashMap<>();

  static {
    LIST.put("0", "OK: healthy, ready, nothing failed");
    LIST.put(
        "1", "liveness: glusterd does not answer; readiness: not ready; prestop: could not leave");
    LIST.put("2", "usage: a bad option or argument");
    LIST.put(
        "3",
        "cannot see: an observation the answer needs is Unknown, or the state directory cannot be"
            + " used (nothing was done)");
    LIST.put("4", "an action failed");
    LIST.put("5", "bad input: a file given could not be parsed");
    LIST.put("6", "busy: another run held the lock past --lock-wait (nothing was done)");
    LIST.put("7", "liveness: a repair of this pod is pending; restart so prestart carries it out");
    LIST.put("8", "repair failed or was given up");
    LIST.put("70", "internal error");
  }
}
