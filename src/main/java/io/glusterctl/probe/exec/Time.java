package io.glusterctl.probe.exec;

import java.time.Duration;
import java.time.Instant;

/**
 * The passing of time, as a port: the real clock in the program, a clock that tests advance by hand
 * elsewhere. {@link #nanoTime()} is monotonic and measures durations and deadlines; {@link #now()}
 * is wall-clock time and only stamps things (e.g. when a peer was first seen disconnected).
 */
public interface Time {

  /** The system's clocks and {@link Thread#sleep}. */
  Time SYSTEM =
      new Time() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
          if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
          }
        }
      };

  /** Monotonic nanoseconds, meaningful only as a difference. */
  long nanoTime();

  /** Wall-clock time. */
  Instant now();

  /** Waits this long (a hand-driven clock advances instead). */
  void sleep(Duration d) throws InterruptedException;
}
