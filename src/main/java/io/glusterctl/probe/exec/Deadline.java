package io.glusterctl.probe.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * A point in monotonic time by which something must be done. Every external call takes its timeout
 * from one of these, so that a whole run ends within its own deadline.
 */
public final class Deadline {
  private final Time time;
  private final long atNanos;

  private Deadline(Time time, long atNanos) {
    this.time = time;
    this.atNanos = atNanos;
  }

  /** The deadline {@code d} from now. A negative {@code d} is an already expired deadline. */
  public static Deadline in(Duration d, Time time) {
    Objects.requireNonNull(d, "d");
    Objects.requireNonNull(time, "time");
    return new Deadline(time, time.nanoTime() + saturatedNanos(d));
  }

  /** The deadline {@code d} from now on the system clock. */
  public static Deadline in(Duration d) {
    return in(d, Time.SYSTEM);
  }

  /** The time left, never negative. */
  public Duration remaining() {
    long left = atNanos - time.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  public boolean expired() {
    return atNanos - time.nanoTime() <= 0;
  }

  /**
   * The smaller of the time left and {@code d}: the timeout of one call made under this deadline.
   */
  public Duration min(Duration d) {
    Duration left = remaining();
    return d.compareTo(left) < 0 ? (d.isNegative() ? Duration.ZERO : d) : left;
  }

  /** A deadline that is this one or {@code d} from now, whichever comes first. */
  public Deadline within(Duration d) {
    long now = time.nanoTime();
    return new Deadline(time, Math.min(atNanos, now + saturatedNanos(d)));
  }

  @Override
  public String toString() {
    return "Deadline[remaining=" + remaining() + "]";
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
    }
  }
}
