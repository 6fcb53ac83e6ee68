package io.glusterctl.probe.sim;

import io.glusterctl.probe.exec.Time;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time inside one run of the program: it starts at the run's start on the {@link EventLoop} and
 * moves on by what each step costs (a JVM start, a CLI call, a connect). A run is simulated in one
 * go at its start; what it changes in glusterd is scheduled on the loop at the moment it happens
 * within the run, so other pods see it then. What it reads is the pool as it was when the run began
 * (a run lasts seconds, the pool's own changes take as long).
 */
final class RunTime extends Clock implements Time {
  private Instant now;

  RunTime(Instant start) {
    this.now = start;
  }

  void spend(Duration d) {
    if (!d.isNegative()) {
      now = now.plus(d);
    }
  }

  /** Spends {@code d}, but not past {@code limit}; false when the limit came first. */
  boolean spendUntil(Duration d, Instant limit) {
    Instant end = now.plus(d);
    if (end.isAfter(limit)) {
      if (limit.isAfter(now)) {
        now = limit;
      }
      return false;
    }
    now = end;
    return true;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public Instant now() {
    return now;
  }

  /** The simulated time in nanoseconds since the epoch: monotonic, as it only moves on. */
  @Override
  public long nanoTime() {
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** A run that waits spends the time. */
  @Override
  public void sleep(Duration d) {
    spend(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
