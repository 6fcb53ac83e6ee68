package io.glusterctl.probe.run;

import io.glusterctl.probe.events.EventSink;
import io.glusterctl.probe.events.KubeEvent;
import io.glusterctl.probe.events.RunEvents;
import io.glusterctl.probe.exec.Deadline;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Posts the Events of what a run did, as an effect after it acted (and after the run lock is
 * released): within the run's deadline (the sink bounds itself further), never throwing, never
 * changing the run's answer. What could not be posted is one {@code WARN events: ...} line through
 * {@code warn}, without the token. With {@link EventSink#NONE} (no API to post to: DNS mode, or no
 * API configured) nothing is made or posted.
 *
 * @param events what a run's happenings become (this pod, its StatefulSet)
 * @param sink where they go
 * @param deadline the run's deadline
 * @param warn where the one warning line goes (stderr)
 */
public record EventPosting(
    RunEvents events, EventSink sink, Deadline deadline, Consumer<String> warn) {
  public EventPosting {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(warn, "warn");
  }

  /** Posts nothing: no API to post to. */
  public static EventPosting none(RunEvents events, Deadline deadline) {
    return new EventPosting(events, EventSink.NONE, deadline, line -> {});
  }

  /** Posts the Events {@code what} makes of this run's happenings, if any. */
  public void post(Function<RunEvents, List<KubeEvent>> what) {
    if (sink == EventSink.NONE) {
      return;
    }
    try {
      List<KubeEvent> made = what.apply(events);
      if (made.isEmpty()) {
        return;
      }
      sink.post(made, deadline.now(), deadline).warning().ifPresent(warn);
    } catch (RuntimeException e) {
      warn.accept("WARN events: not posted: " + e.getClass().getSimpleName());
    }
  }
}
