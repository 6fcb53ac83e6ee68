package io.glusterctl.probe.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * Simulated time: a discrete-event loop on one thread. Everything that happens (a kubelet's probe,
 * a run of the program, a glusterd handshake, a reconnect) is an event at an instant; entries at
 * the same instant run in the order they were scheduled, so the same seed always gives the same
 * history.
 */
final class EventLoop {
  private record Entry(Instant at, long seq, Runnable event) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private Instant now;
  private long seq;
  private long events;

  EventLoop(Instant start) {
    this.now = start;
  }

  Instant now() {
    return now;
  }

  /** Runs {@code event} at {@code t} (now, if {@code t} has passed). */
  void at(Instant t, Runnable event) {
    queue.add(new Entry(t.isBefore(now) ? now : t, seq++, event));
  }

  void after(Duration d, Runnable event) {
    at(now.plus(d), event);
  }

  /** Runs every event up to {@code end}; the time is then {@code end}. */
  void runUntil(Instant end) {
    while (!queue.isEmpty() && !queue.peek().at.isAfter(end)) {
      Entry e = queue.poll();
      now = e.at;
      events++;
      e.event.run();
    }
    if (now.isBefore(end)) {
      now = end;
    }
  }

  /** How many events ran. */
  long events() {
    return events;
  }
}
