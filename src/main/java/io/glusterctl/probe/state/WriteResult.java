package io.glusterctl.probe.state;

import java.util.Objects;

/**
 * Whether a write to the state directory took. A failure (disk full, read-only) is never thrown.
 */
public sealed interface WriteResult permits WriteResult.Written, WriteResult.Failed {

  WriteResult WRITTEN = new Written();

  static WriteResult failed(String why) {
    return new Failed(why);
  }

  default boolean ok() {
    return this instanceof Written;
  }

  /** The new content is in place, durably. */
  record Written() implements WriteResult {}

  /**
   * Nothing changed: the previous file, if any, is still there.
   *
   * @param why e.g. {@code cannot write /var/lib/glusterctl-probe/state.json: No space left on
   *     device}
   */
  record Failed(String why) implements WriteResult {
    public Failed {
      Objects.requireNonNull(why, "why");
    }
  }
}
