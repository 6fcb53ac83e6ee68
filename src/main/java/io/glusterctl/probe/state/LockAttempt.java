package io.glusterctl.probe.state;

import java.util.Objects;

/** What became of asking for the state directory's lock. */
public sealed interface LockAttempt
    permits LockAttempt.Acquired, LockAttempt.Busy, LockAttempt.Failed {

  /** The lock is held; close the session to release it. */
  record Acquired(StateStore.Session session) implements LockAttempt {
    public Acquired {
      Objects.requireNonNull(session, "session");
    }
  }

  /**
   * Another run held the lock for the whole wait; nothing was done.
   *
   * @param why e.g. {@code another run (liveness, pid 4242, since 2025-...) holds
   *     /var/lib/.../lock; waited 5s}
   */
  record Busy(String why) implements LockAttempt {}

  /**
   * The lock could not even be asked for: the directory cannot be made, the lock file cannot be
   * opened (read-only file system, disk full, permissions).
   */
  record Failed(String why) implements LockAttempt {}
}
