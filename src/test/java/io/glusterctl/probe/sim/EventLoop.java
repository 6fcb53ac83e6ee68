package io.glusterctl.probe.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.Semaphore;

/**
 * Simulated time: a discrete-event loop. Model events ({@link #at}) run on the loop's thread;
 * processes ({@link #spawn}, the pods' kubelets and the program's runs) are threads of which
 * exactly one runs at any moment, handed the baton by the loop and giving it back when they {@link
 * #sleep} (a CLI call, a JVM start, a probe period) or end. Nothing runs in parallel, so the model
 * needs no locking, and the same seed always gives the same history: entries at the same instant
 * run in the order they were scheduled.
 *
 * <p>The real {@code Reconciler} reads {@link #clock()}; its deadline checks see the time its own
 * calls took.
 */
final class EventLoop {
  /** Thrown inside a process whose container was killed: it unwinds the run. */
  static final class Killed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Killed() {
      super(null, null, false, false);
    }
  }

  private record Entry(Instant at, long seq, Runnable event, Proc proc)
      implements Comparable<Entry> {
    @Override
    public int compareTo(Entry o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /** A process: a thread that runs only while it holds the baton. */
  final class Proc {
    private final Semaphore baton = new Semaphore(0);
    private final String name;
    private volatile boolean killed;

    private Proc(String name) {
      this.name = name;
    }

    /** The process ends at its next {@link EventLoop#sleep}. */
    void kill() {
      killed = true;
    }

    boolean killed() {
      return killed;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private final Semaphore loopBaton = new Semaphore(0);
  private final ThreadLocal<Proc> current = new ThreadLocal<>();
  private Instant now;
  private long seq;
  private volatile Throwable failure;

  EventLoop(Instant start) {
    this.now = start;
  }

  Instant now() {
    return now;
  }

  /** A {@link Clock} that reads the simulated time. */
  Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
  }

  /** Runs {@code event} on the loop's thread at {@code t} (now, if {@code t} has passed). */
  void at(Instant t, Runnable event) {
    queue.add(new Entry(t.isBefore(now) ? now : t, seq++, event, null));
  }

  void after(Duration d, Runnable event) {
    at(now.plus(d), event);
  }

  /** Starts {@code body} as a process at {@code t}. */
  Proc spawn(Instant t, String name, Runnable body) {
    Proc p = new Proc(name);
    Thread th =
        new Thread(
            () -> {
              current.set(p);
              p.baton.acquireUninterruptibly();
              try {
                if (!p.killed) {
                  body.run();
                }
              } catch (Killed k) {
                // the container was killed: the run ends here
              } catch (Throwable e) {
                failure = failure == null ? e : failure;
              } finally {
                loopBaton.release();
              }
            },
            "sim-" + name);
    th.setDaemon(true);
    th.start();
    queue.add(new Entry(t.isBefore(now) ? now : t, seq++, null, p));
    return p;
  }

  /**
   * Inside a process: lets simulated time pass ({@code d}), while other processes and events run.
   * Throws {@link Killed} when the process was killed meanwhile.
   */
  void sleep(Duration d) {
    Proc p = current.get();
    if (p == null) {
      throw new IllegalStateException("sleep outside a process");
    }
    if (p.killed) {
      throw new Killed();
    }
    queue.add(new Entry(now.plus(d.isNegative() ? Duration.ZERO : d), seq++, null, p));
    loopBaton.release();
    p.baton.acquireUninterruptibly();
    if (p.killed) {
      throw new Killed();
    }
  }

  /** Whether the calling thread is a process (and so may {@link #sleep}). */
  boolean inProcess() {
    return current.get() != null;
  }

  /** Drives the loop until {@code end} or until nothing is left to do. */
  void runUntil(Instant end) {
    while (!queue.isEmpty() && !queue.peek().at.isAfter(end)) {
      Entry e = queue.poll();
      now = e.at;
      if (e.event != null) {
        e.event.run();
      } else {
        e.proc.baton.release();
        loopBaton.acquireUninterruptibly();
      }
      if (failure != null) {
        throw new IllegalStateException("a simulated process failed", failure);
      }
    }
    if (now.isBefore(end)) {
      now = end;
    }
  }

  /** Drives the loop until {@code done} holds (checked after each entry) or {@code end}. */
  boolean runUntil(Instant end, java.util.function.BooleanSupplier done) {
    while (!queue.isEmpty() && !queue.peek().at.isAfter(end)) {
      Entry e = queue.poll();
      now = e.at;
      if (e.event != null) {
        e.event.run();
      } else {
        e.proc.baton.release();
        loopBaton.acquireUninterruptibly();
      }
      if (failure != null) {
        throw new IllegalStateException("a simulated process failed", failure);
      }
      if (done.getAsBoolean()) {
        return true;
      }
    }
    if (now.isBefore(end)) {
      now = end;
    }
    return done.getAsBoolean();
  }

  /** Ends every process still waiting: their threads unwind with {@link Killed}. */
  void shutdown() {
    for (Entry e : queue) {
      if (e.proc != null) {
        e.proc.killed = true;
        e.proc.baton.release();
        loopBaton.acquireUninterruptibly();
      }
    }
    queue.clear();
  }
}
