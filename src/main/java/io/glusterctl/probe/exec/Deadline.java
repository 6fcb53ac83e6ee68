package io.glusterctl.probe.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A point in monotonic time by which something must be done: the run's deadline, from which every
 * external call takes its timeout, so that a whole run ends within its own deadline. Its {@link
 * #now()} is the wall-clock time that records are stamped with (when a peer was first seen
 * disconnected, when a repair was asked for); only the monotonic clock measures what is left.
 */
public final class Deadline {
  /**
   * The one safety margin: what a call needs beyond its own timeout (the gluster CLI is given its
   * {@code --timeout} plus this to start, give up and exit before it is killed), and so what a run
   * keeps in hand before it starts one more call or goes on waiting.
   */
  public static final Duration SAFETY_MARGIN = Duration.ofSeconds(2);

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
   * Whether a call that may take {@code call} fits before the deadline with the {@link
   * #SAFETY_MARGIN} to spare. {@code hasRoomFor(Duration.ZERO)}: whether there is more than the
   * margin left at all.
   */
  public boolean hasRoomFor(Duration call) {
    return remaining().compareTo(call.plus(SAFETY_MARGIN)) > 0;
  }

  /**
   * The timeout a call started now may be given: {@code want}, or less when the deadline is nearer,
   * so that the call ends {@link #SAFETY_MARGIN} before it; never negative. A run late on a busy
   * node gives its last call a shorter timeout rather than skipping it.
   */
  public Duration callTimeout(Duration want) {
    Duration fits = remaining().minus(SAFETY_MARGIN);
    if (fits.isNegative()) {
      return Duration.ZERO;
    }
    return want.compareTo(fits) < 0 ? want : fits;
  }

  /** Waits {@code d}, or until the deadline if that comes first; an interrupt ends the wait. */
  public void sleep(Duration d) {
    try {
      time.sleep(min(d));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Wall-clock time, to stamp records with (never to measure what is left). */
  public Instant now() {
    return time.now();
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
