package io.glusterctl.probe.exec;

import java.time.Duration;
import java.time.Instant;

/** A clock for tests: stands still until advanced by hand; {@link #sleep} advances it. */
public final class ManualTime implements Time {
  private long nanos;
  private Instant now;

  public ManualTime(Instant start) {
    this.now = start;
  }

  public ManualTime() {
    this(Instant.parse("2025-01-01T00:00:00Z"));
  }

  public synchronized void advance(Duration d) {
    nanos += d.toNanos();
    now = now.plus(d);
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public void sleep(Duration d) {
    advance(d);
  }
}
